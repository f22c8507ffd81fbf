package io.imagepipe.storage;

import java.nio.ByteBuffer;
import java.util.concurrent.CompletableFuture;
import org.reactivestreams.Subscriber;
import org.reactivestreams.Subscription;
import software.amazon.awssdk.core.async.AsyncResponseTransformer;
import software.amazon.awssdk.core.async.SdkPublisher;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;

/**
 * Collects a GetObject body into one array, refusing it from the Content-Length before a byte of
 * the body is read when it is over the cap (and while streaming if the length was not given).
 */
final class CappedBytes implements AsyncResponseTransformer<GetObjectResponse, CappedBytes.Result> {
    record Result(GetObjectResponse response, byte[] bytes) {
    }

    /** The body is larger than the memory reserved for it: read again with {@code length} reserved. */
    static final class UnreservedLength extends RuntimeException {
        final long length;

        UnreservedLength(long length) {
            super("body of " + length + " bytes is larger than the memory reserved for it", null, false, false);
            this.length = length;
        }
    }

    private final long cap;
    private final long reserved;
    private volatile CompletableFuture<Result> future;
    private volatile GetObjectResponse response;

    CappedBytes(long cap) {
        this(cap, cap);
    }

    /** @param reserved bytes already reserved for the body; a longer body is refused unread ({@link UnreservedLength}) */
    CappedBytes(long cap, long reserved) {
        this.cap = cap;
        this.reserved = reserved;
    }

    @Override
    public CompletableFuture<Result> prepare() {
        future = new CompletableFuture<>();
        return future;
    }

    @Override
    public void onResponse(GetObjectResponse response) {
        this.response = response;
    }

    @Override
    public void onStream(SdkPublisher<ByteBuffer> publisher) {
        Long length = response.contentLength();
        if (length != null && length > cap) {
            publisher.subscribe(new Refuser());
            future.completeExceptionally(new ObjectTooLargeException(length, cap));
            return;
        }
        if (length == null && reserved < cap || length != null && length > reserved) {
            publisher.subscribe(new Refuser());
            future.completeExceptionally(new UnreservedLength(length == null ? cap : length));
            return;
        }
        publisher.subscribe(new Collector(length == null ? 64 * 1024 : (int) (long) length));
    }

    @Override
    public void exceptionOccurred(Throwable error) {
        future.completeExceptionally(error);
    }

    private static final class Refuser implements Subscriber<ByteBuffer> {
        @Override
        public void onSubscribe(Subscription s) {
            s.cancel();
        }

        @Override
        public void onNext(ByteBuffer b) {
        }

        @Override
        public void onError(Throwable t) {
        }

        @Override
        public void onComplete() {
        }
    }

    private final class Collector implements Subscriber<ByteBuffer> {
        private byte[] buffer;
        private int size;
        private Subscription subscription;

        Collector(int expected) {
            buffer = new byte[Math.max(expected, 1)];
        }

        @Override
        public void onSubscribe(Subscription s) {
            subscription = s;
            s.request(Long.MAX_VALUE);
        }

        @Override
        public void onNext(ByteBuffer chunk) {
            int n = chunk.remaining();
            if ((long) size + n > cap) {
                subscription.cancel();
                future.completeExceptionally(new ObjectTooLargeException((long) size + n, cap));
                return;
            }
            if (size + n > buffer.length) {
                buffer = java.util.Arrays.copyOf(buffer, Math.max(size + n, buffer.length * 2));
            }
            chunk.get(buffer, size, n);
            size += n;
        }

        @Override
        public void onError(Throwable t) {
            future.completeExceptionally(t);
        }

        @Override
        public void onComplete() {
            byte[] bytes = size == buffer.length ? buffer : java.util.Arrays.copyOf(buffer, size);
            future.complete(new Result(response, bytes));
        }
    }
}

package io.imagepipe.storage;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.BiFunction;
import software.amazon.awssdk.core.async.AsyncRequestBody;
import software.amazon.awssdk.core.async.AsyncResponseTransformer;
import software.amazon.awssdk.services.s3.S3AsyncClient;
import software.amazon.awssdk.services.s3.model.Delete;
import software.amazon.awssdk.services.s3.model.DeleteObjectsRequest;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.NoSuchBucketException;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.ObjectIdentifier;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * The S3 operations the pipeline needs, over the SDK v2 async client: nothing here blocks a
 * thread. A missing object surfaces as {@link ObjectMissingException}, an oversized one as
 * {@link ObjectTooLargeException}; anything else is the SDK's own exception.
 */
public final class ObjectStore {
    /** Source downloads running at once, by default: a fraction of the connection pool. */
    public static final int DEFAULT_CONCURRENT_GETS = 16;

    private final S3AsyncClient s3;
    private final AsyncPermits gets;

    public ObjectStore(S3AsyncClient s3) {
        this(s3, DEFAULT_CONCURRENT_GETS);
    }

    /** @param concurrentGets how many source downloads may run at once; more wait their turn */
    public ObjectStore(S3AsyncClient s3, int concurrentGets) {
        this.s3 = s3;
        this.gets = new AsyncPermits(concurrentGets);
    }

    /** Reads a whole object, refusing it from its Content-Length when it is over {@code maxBytes}. */
    public CompletableFuture<StoredObject> get(String bucket, String key, long maxBytes) {
        return get(bucket, key, maxBytes, null);
    }

    /**
     * Reads exactly version {@code eTag} of the object ({@code If-Match}), or whatever is there when
     * {@code eTag} is null; fails with {@link ObjectChangedException} when the object is now another one.
     */
    public CompletableFuture<StoredObject> get(String bucket, String key, long maxBytes, String eTag) {
        return get(bucket, key, maxBytes, eTag, maxBytes);
    }

    private CompletableFuture<StoredObject> get(String bucket, String key, long maxBytes, String eTag, long reserved) {
        return gets.run(() -> s3.getObject(b -> {
                    b.bucket(bucket).key(key);
                    if (eTag != null && !eTag.isEmpty()) {
                        b.ifMatch("\"" + eTag + "\"");
                    }
                }, new CappedBytes(maxBytes, reserved)))
                .thenApply(r -> new StoredObject(bucket, key, r.bytes(), unquote(r.response().eTag()),
                        r.response().contentType(), r.response().metadata()))
                .exceptionally(e -> {
                    Throwable cause = unwrap(e);
                    if (cause instanceof S3Exception s3e && s3e.statusCode() == 412) {
                        throw new ObjectChangedException(bucket, key, eTag, cause);
                    }
                    throw translate(bucket, key, e);
                });
    }

    /**
     * Reads version {@code eTag} like {@link #get(String, String, long, String)}, with its bytes
     * reserved in {@code memory} before the body is read, and hands the object (or the failure) to
     * {@code use}; the reservation is given back when the future {@code use} returns completes,
     * whatever happened. The size to reserve is {@code size} when the caller knows it for that
     * ETag (the event says it), else the HEAD's; a body longer than reserved (a wrong size) is not
     * read but fetched again with its real length reserved.
     */
    public <T> CompletableFuture<T> getReserved(String bucket, String key, long maxBytes, String eTag, long size,
                                                ByteReservations memory,
                                                BiFunction<StoredObject, Throwable, CompletableFuture<T>> use) {
        CompletableFuture<Long> length = size >= 0 && eTag != null && !eTag.isEmpty()
                ? CompletableFuture.completedFuture(size)
                : head(bucket, key).thenApply(h -> h.map(HeadObjectResponse::contentLength).orElse(0L));
        return length.handle((n, failure) -> failure != null ? use.apply(null, failure)
                : getReserved(bucket, key, maxBytes, eTag, n, memory, use, true)).thenCompose(f -> f);
    }

    private <T> CompletableFuture<T> getReserved(String bucket, String key, long maxBytes, String eTag, long size,
                                                 ByteReservations memory,
                                                 BiFunction<StoredObject, Throwable, CompletableFuture<T>> use,
                                                 boolean again) {
        // Over the cap the GET refuses it from its Content-Length without reading: nothing to hold.
        long reserved = size > maxBytes ? 0 : size;
        return memory.reserve(reserved).thenCompose(held -> {
            java.util.concurrent.atomic.AtomicBoolean released = new java.util.concurrent.atomic.AtomicBoolean();
            Runnable release = () -> {
                if (released.compareAndSet(false, true)) {
                    held.run();
                }
            };
            CompletableFuture<T> used = get(bucket, key, maxBytes, eTag, reserved).handle((source, failure) -> {
                Throwable cause = failure == null ? null : unwrap(failure);
                if (again && cause instanceof CappedBytes.UnreservedLength unreserved) {
                    release.run();
                    return getReserved(bucket, key, maxBytes, eTag, unreserved.length, memory, use, false);
                }
                try {
                    return use.apply(source, failure);
                } catch (RuntimeException e) {
                    return CompletableFuture.<T>failedFuture(e);
                }
            }).thenCompose(f -> f);
            used.whenComplete((v, e) -> release.run());
            return used;
        });
    }

    /** Source downloads waiting for a turn. */
    public int waitingGets() {
        return gets.waiting();
    }

    /** The object's ETag (unquoted), or empty when it does not exist. */
    public CompletableFuture<Optional<String>> currentETag(String bucket, String key) {
        return head(bucket, key).thenApply(h -> h.map(r -> unquote(r.eTag())));
    }

    /** The object's text, or empty when it does not exist. */
    public CompletableFuture<Optional<byte[]>> getIfExists(String bucket, String key) {
        return s3.getObject(b -> b.bucket(bucket).key(key), AsyncResponseTransformer.toBytes())
                .thenApply(r -> Optional.of(r.asByteArray()))
                .exceptionally(e -> {
                    if (isMissing(e)) {
                        return Optional.empty();
                    }
                    throw translate(bucket, key, e);
                });
    }

    /** Metadata of an object, or empty when it does not exist. */
    public CompletableFuture<Optional<HeadObjectResponse>> head(String bucket, String key) {
        return s3.headObject(b -> b.bucket(bucket).key(key))
                .thenApply(Optional::of)
                .exceptionally(e -> {
                    if (isMissing(e)) {
                        return Optional.empty();
                    }
                    throw translate(bucket, key, e);
                });
    }

    /**
     * Writes {@code bytes}, which the caller must not change afterwards: the request reads the array
     * itself (also on a retry) instead of a copy of it, one copy fewer of every rendition.
     */
    public CompletableFuture<String> put(String bucket, String key, byte[] bytes, String contentType,
                                         String cacheControl, Map<String, String> metadata) {
        return s3.putObject(b -> b.bucket(bucket).key(key).contentType(contentType).cacheControl(cacheControl)
                        .contentLength((long) bytes.length).metadata(metadata), AsyncRequestBody.fromBytesUnsafe(bytes))
                .thenApply(r -> unquote(r.eTag()));
    }

    /** Deletes the keys in batches of up to 1000 (the S3 limit); deleting a missing key is not an error. */
    public CompletableFuture<Void> deleteAll(String bucket, List<String> keys) {
        CompletableFuture<Void> all = CompletableFuture.completedFuture(null);
        for (int from = 0; from < keys.size(); from += 1000) {
            List<ObjectIdentifier> batch = keys.subList(from, Math.min(keys.size(), from + 1000)).stream()
                    .map(k -> ObjectIdentifier.builder().key(k).build()).toList();
            DeleteObjectsRequest request = DeleteObjectsRequest.builder().bucket(bucket)
                    .delete(Delete.builder().objects(batch).quiet(true).build()).build();
            all = all.thenCompose(v -> s3.deleteObjects(request)).thenAccept(r -> {
                if (r.hasErrors() && !r.errors().isEmpty()) {
                    throw new CompletionException(new IllegalStateException("S3 refused to delete "
                            + r.errors().size() + " keys in " + bucket + ", first: " + r.errors().get(0).key() + ": "
                            + r.errors().get(0).code() + " " + r.errors().get(0).message()));
                }
            });
        }
        return all;
    }

    /**
     * The keys under {@code prefix}, page after page, until {@code maxKeys} are read.
     *
     * @return at most {@code maxKeys} objects, in S3's key order, and whether more were left unread
     */
    public CompletableFuture<Listing> list(String bucket, String prefix, int maxKeys) {
        return listFrom(bucket, prefix, maxKeys, null, new java.util.ArrayList<>());
    }

    private CompletableFuture<Listing> listFrom(String bucket, String prefix, int maxKeys, String token,
                                                List<ListedObject> found) {
        int page = Math.min(1000, maxKeys - found.size());
        return s3.listObjectsV2(b -> b.bucket(bucket).prefix(prefix).maxKeys(page).continuationToken(token))
                .thenCompose(r -> {
                    r.contents().forEach(o -> found.add(new ListedObject(o.key(), o.lastModified(),
                            o.size() == null ? 0 : o.size())));
                    boolean more = Boolean.TRUE.equals(r.isTruncated()) && r.nextContinuationToken() != null;
                    if (more && found.size() < maxKeys) {
                        return listFrom(bucket, prefix, maxKeys, r.nextContinuationToken(), found);
                    }
                    return CompletableFuture.completedFuture(new Listing(List.copyOf(found), more));
                });
    }

    /** Objects of a listing, and whether the listing stopped before the end. */
    public record Listing(List<ListedObject> objects, boolean truncated) {
    }

    /** Succeeds when the bucket answers: the readiness probe. */
    public CompletableFuture<Void> checkBucket(String bucket) {
        return s3.headBucket(b -> b.bucket(bucket)).thenApply(r -> null);
    }

    /**
     * The key does not exist. A missing bucket is not "missing": it means a wrong endpoint, region
     * or bucket name, and treating it as a deleted object would silently drop every event.
     */
    static boolean isMissing(Throwable e) {
        Throwable cause = unwrap(e);
        if (cause instanceof NoSuchBucketException) {
            return false;
        }
        return cause instanceof NoSuchKeyException || cause instanceof ObjectMissingException
                || cause instanceof S3Exception s3e && s3e.statusCode() == 404 && !isNoSuchBucket(s3e);
    }

    private static boolean isNoSuchBucket(S3Exception e) {
        return e.awsErrorDetails() != null && "NoSuchBucket".equals(e.awsErrorDetails().errorCode());
    }

    private static RuntimeException translate(String bucket, String key, Throwable e) {
        Throwable cause = unwrap(e);
        // The SDK wraps a response transformer's failure in SdkClientException("Unable to execute HTTP request").
        for (Throwable t = cause; t != null; t = t.getCause()) {
            if (t instanceof ObjectTooLargeException tooLarge) {
                return tooLarge;
            }
            if (t instanceof CappedBytes.UnreservedLength unreserved) {
                return unreserved;
            }
        }
        if (isMissing(cause)) {
            return new ObjectMissingException(bucket, key, cause);
        }
        return cause instanceof RuntimeException re ? re : new CompletionException(cause);
    }

    public static Throwable unwrap(Throwable e) {
        Throwable t = e;
        while ((t instanceof CompletionException || t instanceof java.util.concurrent.ExecutionException)
                && t.getCause() != null) {
            t = t.getCause();
        }
        return t;
    }

    private static String unquote(String eTag) {
        if (eTag == null) {
            return null;
        }
        return eTag.length() >= 2 && eTag.startsWith("\"") && eTag.endsWith("\"")
                ? eTag.substring(1, eTag.length() - 1) : eTag;
    }
}

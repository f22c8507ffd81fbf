package io.imagepipe.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.imagepipe.local.LocalEnvironment;
import io.imagepipe.local.LocalS3;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3AsyncClient;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * {@link ObjectStore#getReserved}: a source's bytes are reserved before its body is read, and
 * given back on every path, against a real S3 API (s3proxy in memory).
 */
class ReservedGetTest {
    private static final String BUCKET = "reserved-get";
    private static final long MAX = 1 << 20;
    private static final long GUARD_SECONDS = 20;

    private static LocalS3 server;
    private static S3AsyncClient async;
    private static S3Client sync;
    private static ObjectStore store;

    private final Ledger ledger = new Ledger();

    @BeforeAll
    static void start() {
        String accessKey = LocalEnvironment.Options.DEFAULT_ACCESS_KEY;
        String secretKey = LocalEnvironment.Options.DEFAULT_SECRET_KEY;
        server = LocalS3.start(new LocalS3.Options("127.0.0.1", 0, null, accessKey, secretKey));
        server.createBucket(BUCKET);
        var credentials = StaticCredentialsProvider.create(AwsBasicCredentials.create(accessKey, secretKey));
        async = S3AsyncClient.builder().endpointOverride(server.endpoint()).forcePathStyle(true)
                .region(Region.US_EAST_1).credentialsProvider(credentials).build();
        sync = S3Client.builder().endpointOverride(server.endpoint()).forcePathStyle(true)
                .region(Region.US_EAST_1).credentialsProvider(credentials).build();
        store = new ObjectStore(async);
    }

    @AfterAll
    static void stop() {
        if (async != null) {
            async.close();
        }
        if (sync != null) {
            sync.close();
        }
        if (server != null) {
            server.close();
        }
    }

    @BeforeEach
    void grantAtOnce() {
        ledger.gate.set(CompletableFuture.completedFuture(null));
    }

    /** Reservations as the memory budget makes them: what was asked, and how much is held now. */
    private static final class Ledger implements ByteReservations {
        final List<Long> asked = new CopyOnWriteArrayList<>();
        final AtomicInteger held = new AtomicInteger();
        /** Completes when reservations may be granted. */
        final AtomicReference<CompletableFuture<Void>> gate = new AtomicReference<>();

        @Override
        public CompletableFuture<Runnable> reserve(long bytes) {
            asked.add(bytes);
            return gate.get().thenApply(v -> {
                held.incrementAndGet();
                return held::decrementAndGet;
            });
        }
    }

    private static byte[] put(String key, int size) {
        byte[] bytes = new byte[size];
        new Random(size).nextBytes(bytes);
        sync.putObject(b -> b.bucket(BUCKET).key(key), RequestBody.fromBytes(bytes));
        return bytes;
    }

    private static String md5(byte[] bytes) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(bytes));
    }

    private static Throwable failure(CompletableFuture<?> future) {
        Throwable thrown = catchThrowable(() -> future.get(GUARD_SECONDS, TimeUnit.SECONDS));
        assertThat(thrown).as("the future should have failed").isNotNull();
        return ObjectStore.unwrap(thrown instanceof java.util.concurrent.ExecutionException e ? e.getCause() : thrown);
    }

    @Test
    void theEventSizeIsReservedBeforeTheGetAndHeldUntilTheWorkOnTheBytesEnds() throws Exception {
        byte[] bytes = put("event-size.bin", 200_000);
        CompletableFuture<Void> gate = new CompletableFuture<>();
        ledger.gate.set(gate);
        CompletableFuture<String> work = new CompletableFuture<>();
        AtomicReference<StoredObject> seen = new AtomicReference<>();
        AtomicInteger heldWhileUsed = new AtomicInteger(-1);

        CompletableFuture<String> result = store.getReserved(BUCKET, "event-size.bin", MAX, md5(bytes), bytes.length,
                ledger, (source, failure) -> {
                    seen.set(source);
                    heldWhileUsed.set(ledger.held.get());
                    return work;
                });

        Thread.sleep(300);
        assertThat(ledger.asked).as("the event's size, asked before anything is read").containsExactly(200_000L);
        assertThat(seen.get()).as("no object before the reservation is granted").isNull();

        gate.complete(null);
        awaitUntil(() -> seen.get() != null);
        assertThat(seen.get().bytes()).isEqualTo(bytes);
        assertThat(heldWhileUsed.get()).as("held while the bytes are worked on").isEqualTo(1);
        assertThat(result).isNotDone();
        assertThat(ledger.held.get()).isEqualTo(1);

        work.complete("done");
        assertThat(result.get(GUARD_SECONDS, TimeUnit.SECONDS)).isEqualTo("done");
        assertThat(ledger.held.get()).as("given back when the work ends").isZero();
    }

    @Test
    void withoutAnEventSizeTheLengthFromAHeadIsReserved() throws Exception {
        byte[] bytes = put("no-size.bin", 123_456);

        byte[] got = store.getReserved(BUCKET, "no-size.bin", MAX, null, -1, ledger,
                (source, failure) -> CompletableFuture.completedFuture(source.bytes())).get(GUARD_SECONDS,
                TimeUnit.SECONDS);

        assertThat(got).isEqualTo(bytes);
        assertThat(ledger.asked).containsExactly(123_456L);
        assertThat(ledger.held.get()).isZero();
    }

    @Test
    void aBodyLongerThanTheSizeClaimedIsNotReadButFetchedAgainWithItsLengthReserved() throws Exception {
        byte[] bytes = put("lying-size.bin", 300_000);

        byte[] got = store.getReserved(BUCKET, "lying-size.bin", MAX, md5(bytes), 10, ledger,
                (source, failure) -> CompletableFuture.completedFuture(source.bytes())).get(GUARD_SECONDS,
                TimeUnit.SECONDS);

        assertThat(got).isEqualTo(bytes);
        assertThat(ledger.asked).containsExactly(10L, 300_000L);
        assertThat(ledger.held.get()).isZero();
    }

    @Test
    void aMissingObjectGivesItsReservationBack() throws Exception {
        Throwable cause = failure(store.getReserved(BUCKET, "never-written.bin", MAX, null, -1, ledger,
                (source, failure) -> CompletableFuture.failedFuture(failure)));

        assertThat(cause).isInstanceOf(ObjectMissingException.class);
        assertThat(ledger.held.get()).isZero();
    }

    @Test
    void aChangedObjectGivesItsReservationBack() throws Exception {
        byte[] old = put("changed.bin", 50_000);
        put("changed.bin", 60_000);

        Throwable cause = failure(store.getReserved(BUCKET, "changed.bin", MAX, md5(old), old.length, ledger,
                (source, failure) -> CompletableFuture.failedFuture(failure)));

        assertThat(cause).isInstanceOf(ObjectChangedException.class);
        assertThat(ledger.asked).containsExactly(50_000L);
        assertThat(ledger.held.get()).isZero();
    }

    @Test
    void anObjectOverTheCapReservesNothingAndIsRefused() throws Exception {
        byte[] bytes = put("too-large.bin", 4096);

        Throwable cause = failure(store.getReserved(BUCKET, "too-large.bin", 1000, md5(bytes), bytes.length, ledger,
                (source, failure) -> CompletableFuture.failedFuture(failure)));

        assertThat(cause).isInstanceOf(ObjectTooLargeException.class);
        assertThat(ledger.asked).containsExactly(0L);
        assertThat(ledger.held.get()).isZero();
    }

    @Test
    void workThatThrowsOrFailsGivesTheReservationBack() throws Exception {
        byte[] bytes = put("work-fails.bin", 10_000);

        Throwable thrown = failure(store.getReserved(BUCKET, "work-fails.bin", MAX, md5(bytes), bytes.length, ledger,
                (source, failure) -> {
                    throw new IllegalStateException("decoder broke");
                }));
        Throwable failed = failure(store.getReserved(BUCKET, "work-fails.bin", MAX, md5(bytes), bytes.length, ledger,
                (source, failure) -> CompletableFuture.failedFuture(new IllegalStateException("upload failed"))));

        assertThat(thrown).hasMessage("decoder broke");
        assertThat(failed).hasMessage("upload failed");
        assertThat(ledger.held.get()).isZero();
    }

    @Test
    void aMissingBucketGivesItsReservationBackAndIsNoMissingObject() throws Exception {
        Throwable cause = failure(store.getReserved("no-such-bucket", "a.bin", MAX, null, -1, ledger,
                (source, failure) -> CompletableFuture.failedFuture(failure)));

        assertThat(cause).isNotInstanceOf(ObjectMissingException.class);
        assertThat(ledger.held.get()).isZero();
    }

    private static void awaitUntil(java.util.function.BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(GUARD_SECONDS);
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as("waited too long").isLessThan(deadline);
            Thread.sleep(10);
        }
    }
}

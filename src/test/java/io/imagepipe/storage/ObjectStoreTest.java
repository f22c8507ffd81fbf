package io.imagepipe.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.imagepipe.local.LocalEnvironment;
import io.imagepipe.local.LocalS3;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3AsyncClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.ObjectIdentifier;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.S3Object;

/** {@link ObjectStore} against a real S3 API (s3proxy in memory), through the SDK's async client. */
class ObjectStoreTest {
    private static final String BUCKET = "store-test";
    private static final String ACCESS_KEY = LocalEnvironment.Options.DEFAULT_ACCESS_KEY;
    private static final String SECRET_KEY = LocalEnvironment.Options.DEFAULT_SECRET_KEY;

    private static LocalS3 server;
    private static S3AsyncClient async;
    private static S3Client sync;
    private static ObjectStore store;

    @BeforeAll
    static void start() {
        server = LocalS3.start(new LocalS3.Options("127.0.0.1", 0, null, ACCESS_KEY, SECRET_KEY));
        server.createBucket(BUCKET);
        var credentials = StaticCredentialsProvider.create(AwsBasicCredentials.create(ACCESS_KEY, SECRET_KEY));
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

    private static void putSync(String key, byte[] bytes, String contentType, Map<String, String> metadata) {
        sync.putObject(b -> b.bucket(BUCKET).key(key).contentType(contentType).metadata(metadata),
                RequestBody.fromBytes(bytes));
    }

    private static byte[] randomBytes(int n, long seed) {
        byte[] bytes = new byte[n];
        new Random(seed).nextBytes(bytes);
        return bytes;
    }

    private static String md5Hex(byte[] bytes) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(bytes));
    }

    /** What a future failed with, after {@link ObjectStore#unwrap}; fails the test if it succeeded. */
    private static Throwable failure(CompletableFuture<?> future) {
        Throwable thrown = catchThrowable(future::join);
        assertThat(thrown).as("the future should have failed").isInstanceOf(CompletionException.class);
        return ObjectStore.unwrap(thrown);
    }

    @Test
    void getReturnsTheBytesTheUnquotedEtagTheContentTypeAndTheMetadata() throws Exception {
        byte[] bytes = randomBytes(100_000, 1);
        putSync("get/cat.jpeg", bytes, "image/jpeg", Map.of("camera", "x100", "imagepipe-note", "hello"));

        StoredObject got = store.get(BUCKET, "get/cat.jpeg", 1_000_000).join();

        assertThat(got.bucket()).isEqualTo(BUCKET);
        assertThat(got.key()).isEqualTo("get/cat.jpeg");
        assertThat(got.bytes()).isEqualTo(bytes);
        assertThat(got.eTag()).isEqualTo(md5Hex(bytes)).doesNotContain("\"");
        assertThat(got.contentType()).isEqualTo("image/jpeg");
        assertThat(got.metadata()).containsEntry("camera", "x100").containsEntry("imagepipe-note", "hello");
    }

    @Test
    void getOfAnEmptyObjectReturnsNoBytes() {
        putSync("get/empty", new byte[0], "application/octet-stream", Map.of());

        assertThat(store.get(BUCKET, "get/empty", 10).join().bytes()).isEmpty();
    }

    @Test
    void getAtExactlyTheCapSucceeds() {
        byte[] bytes = randomBytes(4096, 2);
        putSync("get/exact", bytes, "image/png", Map.of());

        assertThat(store.get(BUCKET, "get/exact", bytes.length).join().bytes()).isEqualTo(bytes);
    }

    @Test
    void getOfAMissingKeyFailsWithObjectMissing() {
        Throwable cause = failure(store.get(BUCKET, "get/never-written.jpg", 1000));

        assertThat(cause).isInstanceOf(ObjectMissingException.class)
                .hasMessageContaining("s3://" + BUCKET + "/get/never-written.jpg");
        assertThat(ObjectStore.isMissing(cause)).isTrue();
    }

    @Test
    void getFromAMissingBucketIsNotAMissingObject() {
        // A wrong bucket, endpoint or region must be retried and seen, not taken for a deleted object.
        Throwable cause = failure(store.get("no-such-bucket", "a.jpg", 1000));
        assertThat(cause).isNotInstanceOf(ObjectMissingException.class)
                .isInstanceOf(software.amazon.awssdk.services.s3.model.NoSuchBucketException.class);
        assertThat(ObjectStore.isMissing(cause)).isFalse();
    }

    @Test
    void getOverTheCapIsRefusedFromTheContentLengthWithoutReadingTheBody() {
        byte[] bytes = randomBytes(5 * 1024 * 1024, 3);
        putSync("get/large.bin", bytes, "application/octet-stream", Map.of());

        Throwable cause = failure(store.get(BUCKET, "get/large.bin", 1024));

        // Refused while streaming, the size would be what had arrived (a chunk of some KB); refused from the
        // header, it is the whole object's.
        assertThat(cause).isInstanceOfSatisfying(ObjectTooLargeException.class, e -> {
            assertThat(e.size()).isEqualTo(bytes.length);
            assertThat(e.cap()).isEqualTo(1024);
        });
        assertThat(cause).hasMessageContaining(Integer.toString(bytes.length)).hasMessageContaining("1024");
        assertThat(failure(store.get(BUCKET, "get/large.bin", bytes.length - 1)))
                .isInstanceOfSatisfying(ObjectTooLargeException.class, e -> assertThat(e.size()).isEqualTo(bytes.length));
    }

    @Test
    void refusedGetsDoNotHoldOnToConnections() {
        byte[] bytes = randomBytes(512 * 1024, 4);
        putSync("get/refused-often.bin", bytes, "application/octet-stream", Map.of());

        // More refusals than the Netty client's default 50 connections: a connection kept busy by an unread
        // body would make the later requests wait for a free one and time out.
        for (int i = 0; i < 60; i++) {
            assertThat(failure(store.get(BUCKET, "get/refused-often.bin", 100))).isInstanceOf(ObjectTooLargeException.class);
        }

        assertThat(store.get(BUCKET, "get/refused-often.bin", bytes.length).join().bytes()).isEqualTo(bytes);
    }

    @Test
    void putSetsContentTypeCacheControlAndMetadata() throws Exception {
        byte[] bytes = "not really a png".getBytes(StandardCharsets.UTF_8);

        String eTag = store.put(BUCKET, "put/thumb.png", bytes, "image/png", "public, max-age=60",
                Map.of("imagepipe-source", "uploads/cat.png", "imagepipe-rendition", "thumb")).join();

        HeadObjectResponse head = sync.headObject(b -> b.bucket(BUCKET).key("put/thumb.png"));
        assertThat(eTag).isEqualTo(md5Hex(bytes)).isEqualTo(head.eTag().replace("\"", ""));
        assertThat(head.contentType()).isEqualTo("image/png");
        assertThat(head.cacheControl()).isEqualTo("public, max-age=60");
        assertThat(head.contentLength()).isEqualTo(bytes.length);
        assertThat(head.metadata()).containsEntry("imagepipe-source", "uploads/cat.png")
                .containsEntry("imagepipe-rendition", "thumb");
        assertThat(sync.getObjectAsBytes(b -> b.bucket(BUCKET).key("put/thumb.png")).asByteArray()).isEqualTo(bytes);
    }

    @Test
    void putReplacesAnExistingObject() {
        store.put(BUCKET, "put/twice.txt", new byte[] {1}, "text/plain", "no-cache", Map.of("v", "1")).join();
        store.put(BUCKET, "put/twice.txt", new byte[] {2, 2}, "text/plain", "no-cache", Map.of("v", "2")).join();

        StoredObject got = store.get(BUCKET, "put/twice.txt", 100).join();
        assertThat(got.bytes()).containsExactly(2, 2);
        assertThat(got.metadata()).containsEntry("v", "2");
    }

    @Test
    void headOfAMissingKeyIsEmpty() {
        assertThat(store.head(BUCKET, "head/never-written").join()).isEmpty();
    }

    @Test
    void headOfAnObjectHasItsLengthAndMetadata() {
        putSync("head/there.jpg", new byte[123], "image/jpeg", Map.of("k", "v"));

        Optional<HeadObjectResponse> head = store.head(BUCKET, "head/there.jpg").join();

        assertThat(head).hasValueSatisfying(h -> {
            assertThat(h.contentLength()).isEqualTo(123);
            assertThat(h.contentType()).isEqualTo("image/jpeg");
            assertThat(h.metadata()).containsEntry("k", "v");
        });
    }

    @Test
    void getIfExistsReturnsTheBytesOrEmpty() {
        putSync("maybe/there.json", "{}".getBytes(StandardCharsets.UTF_8), "application/json", Map.of());

        assertThat(store.getIfExists(BUCKET, "maybe/there.json").join())
                .hasValueSatisfying(b -> assertThat(new String(b, StandardCharsets.UTF_8)).isEqualTo("{}"));
        assertThat(store.getIfExists(BUCKET, "maybe/not-there.json").join()).isEmpty();
        // A missing bucket is a configuration fault to retry and see, not an absent object.
        assertThat(failure(store.getIfExists("no-such-bucket", "maybe/not-there.json")))
                .isInstanceOf(software.amazon.awssdk.services.s3.model.NoSuchBucketException.class);
    }

    @Test
    void deleteAllDeletesOneKey() {
        putSync("delete-one/a", new byte[1], "application/octet-stream", Map.of());
        putSync("delete-one/b", new byte[1], "application/octet-stream", Map.of());

        store.deleteAll(BUCKET, List.of("delete-one/a")).join();

        assertThat(keysUnder("delete-one/")).containsExactly("delete-one/b");
    }

    @Test
    void deleteAllDeletesMoreKeysThanOneBatchHolds() {
        List<String> keys = IntStream.range(0, 1500).mapToObj(i -> String.format("delete-many/%04d", i)).toList();
        // Writing 1500 objects takes s3proxy ~10 s; a spread of them, on both sides of the 1000-key batch
        // boundary, shows every batch is sent, and the rest show missing keys in a batch are fine.
        List<String> written = IntStream.range(0, 1500).filter(i -> i % 50 == 0 || i == 999 || i == 1000 || i == 1499)
                .mapToObj(keys::get).toList();
        CompletableFuture.allOf(written.stream().map(k -> store.put(BUCKET, k, new byte[] {7},
                "application/octet-stream", "no-cache", Map.of())).toArray(CompletableFuture[]::new)).join();
        putSync("delete-many-keep", new byte[1], "application/octet-stream", Map.of());
        assertThat(keysUnder("delete-many/")).hasSize(written.size()).contains(keys.get(999), keys.get(1000),
                keys.get(1499));

        store.deleteAll(BUCKET, keys).join();

        assertThat(keysUnder("delete-many/")).isEmpty();
        assertThat(keysUnder("delete-many-keep")).containsExactly("delete-many-keep");
    }

    @Test
    void theLocalS3RefusesMoreThan1000KeysInOneDeleteAsS3Does() {
        // So the 1500-key test above fails if deleteAll ever stops batching.
        List<ObjectIdentifier> ids = IntStream.range(0, 1001)
                .mapToObj(i -> ObjectIdentifier.builder().key("x" + i).build()).toList();

        Throwable refused = catchThrowable(() -> sync.deleteObjects(b -> b.bucket(BUCKET).delete(d -> d.objects(ids))));

        assertThat(refused).isInstanceOfSatisfying(S3Exception.class, e -> assertThat(e.statusCode()).isEqualTo(400));
    }

    @Test
    void deletingMissingKeysIsFine() {
        putSync("delete-mixed/there", new byte[1], "application/octet-stream", Map.of());

        store.deleteAll(BUCKET, List.of("delete-mixed/never-1", "delete-mixed/there", "delete-mixed/never-2")).join();
        store.deleteAll(BUCKET, List.of("delete-mixed/there")).join();
        store.deleteAll(BUCKET, List.of()).join();

        assertThat(keysUnder("delete-mixed/")).isEmpty();
    }

    @Test
    void checkBucketSucceedsForABucketAndFailsForAMissingOne() {
        store.checkBucket(BUCKET).join();

        Throwable cause = failure(store.checkBucket("no-such-bucket"));
        assertThat(cause).isInstanceOfSatisfying(S3Exception.class, e -> assertThat(e.statusCode()).isEqualTo(404));
    }

    @Test
    void unwrapDigsThroughCompletionAndExecutionExceptions() {
        IllegalStateException root = new IllegalStateException("root");

        assertThat(ObjectStore.unwrap(new CompletionException(new java.util.concurrent.ExecutionException(root))))
                .isSameAs(root);
        assertThat(ObjectStore.unwrap(root)).isSameAs(root);
        CompletionException bare = new CompletionException("no cause", null);
        assertThat(ObjectStore.unwrap(bare)).isSameAs(bare);
    }

    private static List<String> keysUnder(String prefix) {
        return sync.listObjectsV2Paginator(b -> b.bucket(BUCKET).prefix(prefix)).contents().stream()
                .map(S3Object::key).toList();
    }
}

package io.imagepipe.app;

import static io.imagepipe.app.LocalService.eventually;
import static org.assertj.core.api.Assertions.assertThat;

import io.imagepipe.config.ConfigLoader;
import io.imagepipe.local.LocalS3;
import io.imagepipe.local.LocalSqs;
import io.imagepipe.event.S3Event;
import io.imagepipe.event.S3EventJson;
import io.micrometer.core.instrument.Counter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.gaul.s3proxy.blobstore.BlobStore;
import org.gaul.s3proxy.blobstore.ForwardingBlobStore;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.ResponseInputStream;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.GetObjectRequest;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.awssdk.services.s3.model.PutObjectResponse;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * Fault injection, cases 3, 4 and 6, against a real s3proxy (filesystem store, so it can be stopped
 * and started again on the same port with its data) and a real ElasticMQ: S3 down for a while,
 * SQS down for a while, one event delivered five times at once, and S3 so slow that a job outlives
 * the visibility timeout.
 */
class OutageAndRedeliveryTest {
    private static final String KEY_ID = "test";
    private static final String SECRET = "test-secret";
    private static final String RENDITIONS = "thumb=64x64:fill,medium=200x0:fit";
    /** Keys whose GET the S3 server holds for this long: a slow S3. */
    private static final Map<String, Duration> SLOW_KEYS = new ConcurrentHashMap<>();
    private static final AtomicLong GETS = new AtomicLong();
    /** Outputs made from this source ETag are written slowly: a stale writer that commits last. */
    private static volatile String slowWritesOf = "";

    private static Path data;
    private static LocalS3 s3Server;
    private static LocalSqs sqsServer;
    private static int s3Port;
    private static int sqsPort;
    private static ImagepipeService service;
    private static Map<String, String> serviceVars;
    private static StaticCredentialsProvider credentials;
    private static S3Client s3;
    private static SqsClient sqs;
    private static ConvergenceChecker checker;
    private static final S3EventJson EVENTS = new S3EventJson("us-east-1", "test", "test", "127.0.0.1");
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    /** Holds GETs of the slow keys, like an S3 under strain. */
    static final class SlowStore extends ForwardingBlobStore {
        SlowStore(BlobStore delegate) {
            super(delegate);
        }

        @Override
        public ResponseInputStream<GetObjectResponse> getBlob(GetObjectRequest request) {
            if (request.bucket().equals("uploads")) {
                GETS.incrementAndGet();
            }
            Duration pause = SLOW_KEYS.get(request.key());
            if (pause != null) {
                try {
                    Thread.sleep(pause.toMillis());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            return super.getBlob(request);
        }

        @Override
        public PutObjectResponse putBlob(PutObjectRequest request, InputStream input) {
            if (request.metadata() != null && slowWritesOf.equals(request.metadata().get("imagepipe-source-etag"))) {
                try {
                    Thread.sleep(4_000);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            return super.putBlob(request, input);
        }
    }

    private static LocalS3 startS3(int port) {
        return LocalS3.start(new LocalS3.Options("127.0.0.1", port, data, KEY_ID, SECRET), SlowStore::new);
    }

    private static LocalSqs startSqs(int port) {
        return LocalSqs.start(new LocalSqs.Options("127.0.0.1", port, "us-east-1", "000000000000", "events",
                "events-dlq", 5, Duration.ofSeconds(30)));
    }

    @BeforeAll
    static void start() throws Exception {
        data = Files.createTempDirectory("imagepipe-outage");
        s3Server = startS3(0);
        s3Port = s3Server.endpoint().getPort();
        s3Server.createBucket("uploads");
        s3Server.createBucket("renditions");
        sqsServer = startSqs(0);
        sqsPort = sqsServer.endpoint().getPort();
        var credentials = StaticCredentialsProvider.create(AwsBasicCredentials.create(KEY_ID, SECRET));
        s3 = S3Client.builder().endpointOverride(s3Server.endpoint()).region(Region.US_EAST_1).forcePathStyle(true)
                .credentialsProvider(credentials).build();
        sqs = SqsClient.builder().endpointOverride(sqsServer.endpoint()).region(Region.US_EAST_1)
                .credentialsProvider(credentials).build();
        Map<String, String> vars = new HashMap<>();
        vars.put("IMAGEPIPE_QUEUE_URL", sqsServer.queueUrl());
        vars.put("IMAGEPIPE_DLQ_URL", sqsServer.dlqUrl());
        vars.put("IMAGEPIPE_S3_ENDPOINT", s3Server.endpoint().toString());
        vars.put("IMAGEPIPE_SQS_ENDPOINT", sqsServer.endpoint().toString());
        vars.put("IMAGEPIPE_REGION", "us-east-1");
        vars.put("IMAGEPIPE_HTTP_HOST", "127.0.0.1");
        vars.put("IMAGEPIPE_HTTP_PORT", "0");
        vars.put("IMAGEPIPE_WORKERS", "2");
        vars.put("IMAGEPIPE_RENDITIONS", RENDITIONS);
        vars.put("IMAGEPIPE_MAX_RETRY_DELAY_SECONDS", "10");
        vars.put("IMAGEPIPE_VISIBILITY_TIMEOUT_SECONDS", "6");
        vars.put("IMAGEPIPE_HEARTBEAT_SECONDS", "2");
        vars.put("IMAGEPIPE_SHUTDOWN_GRACE_SECONDS", "5");
        vars.put("IMAGEPIPE_LOG_FORMAT", "text");
        serviceVars = Map.copyOf(vars);
        OutageAndRedeliveryTest.credentials = credentials;
        service = ImagepipeService.start(new ConfigLoader(vars, Map.of()).load(), credentials);
        checker = new ConvergenceChecker(s3, sqs, "uploads", "renditions");
    }

    @AfterAll
    static void stop() {
        if (service != null) {
            service.close();
        }
        s3.close();
        sqs.close();
        sqsServer.close();
        s3Server.close();
    }

    private static String put(String key, byte[] bytes) {
        return ConvergenceChecker.unquote(s3.putObject(b -> b.bucket("uploads").key(key),
                RequestBody.fromBytes(bytes)).eTag());
    }

    private static String createdEvent(String key, String eTag, long size) {
        return EVENTS.toJson(new S3Event("ObjectCreated:Put", "uploads", key, size, eTag, null,
                Long.toHexString(System.nanoTime()), Instant.now()));
    }

    private static double outcomes(String label) {
        Counter c = service.registry().find("imagepipe.messages").tag("outcome", label).counter();
        return c == null ? 0 : c.count();
    }

    private static int status(String path) {
        try {
            return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + service.httpPort() + path))
                    .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (Exception e) {
            return -1;
        }
    }

    private static void drained() {
        checker.awaitDrained(sqsServer.queueUrl(), service::inFlight);
    }

    @Test
    void theSameEventDeliveredFiveTimesAtOnceIsProcessedOnceAndTheRestAreDuplicates() {
        byte[] image = TestImages.jpeg(1200, 900);
        String eTag = put("twins/cat.jpg", image);
        String body = createdEvent("twins/cat.jpg", eTag, image.length);
        double processed = outcomes("processed");
        double duplicates = outcomes("duplicate");
        long getsBefore = GETS.get();

        List.of(1, 2, 3, 4, 5).parallelStream().forEach(i -> sqs.sendMessage(b -> b.queueUrl(sqsServer.queueUrl())
                .messageBody(body)));
        eventually("five deliveries handled", () -> outcomes("processed") + outcomes("duplicate")
                >= processed + duplicates + 5);
        drained();

        assertThat(outcomes("processed") - processed).as("processed").isEqualTo(1);
        assertThat(outcomes("duplicate") - duplicates).as("duplicates").isEqualTo(4);
        assertThat(GETS.get() - getsBefore).as("the source was read once").isEqualTo(1);
        checker.assertConverged("twins/cat.jpg", true, "(thumb|medium)/twins/cat\\.\\w+", service.configHash());
        assertThat(checker.drainDeadLetters(sqsServer.dlqUrl())).isEmpty();
    }

    /**
     * Two pods: the first version's writer is slow and commits after the second version's outputs
     * are written by the other pod. Its look at the source after the commit finds the newer ETag,
     * and it converges the key back to the current object.
     */
    @Test
    void aStaleWriterThatCommitsLastConvergesTheKeyToTheCurrentObject() throws Exception {
        Map<String, String> vars = new HashMap<>(serviceVars);
        ImagepipeService otherPod = ImagepipeService.start(new ConfigLoader(vars, Map.of()).load(), credentials);
        try {
            byte[] first = TestImages.jpeg(1000, 700);
            String firstETag = put("last/cat.jpg", first);
            slowWritesOf = firstETag;
            double superseded = outcomes("superseded") + otherOutcomes(otherPod, "superseded");
            long gets = GETS.get();
            sqs.sendMessage(b -> b.queueUrl(sqsServer.queueUrl()).messageBody(createdEvent("last/cat.jpg", firstETag,
                    first.length)));
            eventually("the first version is read", () -> GETS.get() > gets);
            byte[] second = TestImages.jpeg(400, 300);
            String secondETag = put("last/cat.jpg", second);
            sqs.sendMessage(b -> b.queueUrl(sqsServer.queueUrl()).messageBody(createdEvent("last/cat.jpg", secondETag,
                    second.length)));

            eventually("the slow first writer ends superseded",
                    () -> outcomes("superseded") + otherOutcomes(otherPod, "superseded") > superseded);
            checker.awaitDrained(sqsServer.queueUrl(), () -> service.inFlight() + otherPod.inFlight());
        } finally {
            slowWritesOf = "";
            otherPod.close();
        }
        checker.assertConverged("last/cat.jpg", true, "(thumb|medium)/last/cat\\.\\w+", service.configHash());
        assertThat(checker.drainDeadLetters(sqsServer.dlqUrl())).isEmpty();
    }

    private static double otherOutcomes(ImagepipeService pod, String label) {
        Counter c = pod.registry().find("imagepipe.messages").tag("outcome", label).counter();
        return c == null ? 0 : c.count();
    }

    /**
     * A stale write whose writer died before looking at the source again, or an overwrite whose
     * event was lost: the next delivery of any event for the key brings it to the current object.
     */
    @Test
    void aRedeliveredEventOfAnOverwrittenVersionBringsTheKeyToTheCurrentObject() {
        byte[] first = TestImages.jpeg(900, 600);
        String firstETag = put("stale/cat.jpg", first);
        String firstEvent = createdEvent("stale/cat.jpg", firstETag, first.length);
        double processed = outcomes("processed");
        sqs.sendMessage(b -> b.queueUrl(sqsServer.queueUrl()).messageBody(firstEvent));
        eventually("the first version is processed", () -> outcomes("processed") > processed);
        drained();
        put("stale/cat.jpg", TestImages.jpeg(300, 200)); // overwritten; its event never arrives
        double superseded = outcomes("superseded");

        sqs.sendMessage(b -> b.queueUrl(sqsServer.queueUrl()).messageBody(firstEvent));
        eventually("the old event is superseded", () -> outcomes("superseded") > superseded);
        drained();

        checker.assertConverged("stale/cat.jpg", true, "(thumb|medium)/stale/cat\\.\\w+", service.configHash());

        s3.deleteObject(b -> b.bucket("uploads").key("stale/cat.jpg")); // deleted; its event never arrives
        double gone = outcomes("gone");
        sqs.sendMessage(b -> b.queueUrl(sqsServer.queueUrl()).messageBody(firstEvent));
        eventually("the old event finds the key gone", () -> outcomes("gone") > gone);
        drained();

        checker.assertConverged("stale/cat.jpg", true, "(thumb|medium)/stale/cat\\.\\w+", service.configHash());
        assertThat(checker.drainDeadLetters(sqsServer.dlqUrl())).isEmpty();
    }

    @Test
    void aJobThatOutlivesTheVisibilityTimeoutIsKeptHiddenByTheHeartbeat() {
        byte[] image = TestImages.jpeg(800, 600);
        String eTag = put("slow/cat.jpg", image);
        SLOW_KEYS.put("slow/cat.jpg", Duration.ofSeconds(14)); // visibility is 6 s
        double processed = outcomes("processed");
        double duplicates = outcomes("duplicate");
        double retried = outcomes("retried");
        try {
            sqs.sendMessage(b -> b.queueUrl(sqsServer.queueUrl()).messageBody(createdEvent("slow/cat.jpg", eTag,
                    image.length)));
            eventually("the slow job ends", () -> outcomes("processed") > processed);
            drained();
        } finally {
            SLOW_KEYS.remove("slow/cat.jpg");
        }

        assertThat(outcomes("processed") - processed).isEqualTo(1);
        assertThat(outcomes("duplicate") - duplicates).as("never delivered to a second consumer").isZero();
        assertThat(outcomes("retried") - retried).isZero();
        checker.assertConverged("slow/cat.jpg", true, "(thumb|medium)/slow/cat\\.\\w+", service.configHash());
    }

    @Test
    void s3DownForAWhileIsRetriedWithBackoffAndNothingIsDeadLettered() throws Exception {
        byte[] image = TestImages.jpeg(900, 600);
        Map<String, String> eTags = new HashMap<>();
        for (String key : Set.of("outage/a.jpg", "outage/b.jpg", "outage/c.jpg")) {
            eTags.put(key, put(key, image));
        }
        double retried = outcomes("retried");
        s3Server.close();
        try {
            eTags.forEach((key, eTag) -> sqs.sendMessage(b -> b.queueUrl(sqsServer.queueUrl())
                    .messageBody(createdEvent(key, eTag, image.length))));
            eventually("the failures are retried", () -> outcomes("retried") >= retried + 3);
            eventually("readiness reports S3 down", () -> status("/health/ready") == 503);
            assertThat(status("/health/live")).as("alive: a restart would not help").isEqualTo(200);
            Thread.sleep(3_000);
        } finally {
            s3Server = startS3(s3Port);
        }

        drained();
        for (String key : eTags.keySet()) {
            String name = key.substring("outage/".length(), key.length() - 4);
            checker.assertConverged(key, true, "(thumb|medium)/outage/" + name + "\\.\\w+", service.configHash());
        }
        assertThat(checker.drainDeadLetters(sqsServer.dlqUrl())).as("nothing dead-lettered").isEmpty();
        eventually("readiness is back", () -> status("/health/ready") == 200);
    }

    @Test
    void sqsDownForAWhileTheConsumerRecoversByItselfAndReadinessSaysSoMeanwhile() throws Exception {
        sqsServer.close();
        try {
            eventually("readiness reports the consumer down", () -> status("/health/ready") == 503);
            assertThat(status("/health/live")).as("alive: it keeps trying").isEqualTo(200);
        } finally {
            sqsServer = startSqs(sqsPort);
        }
        eventually("readiness is back", () -> status("/health/ready") == 200);

        byte[] image = TestImages.jpeg(700, 500);
        String eTag = put("after-sqs/cat.jpg", image);
        double processed = outcomes("processed");
        sqs.sendMessage(b -> b.queueUrl(sqsServer.queueUrl()).messageBody(createdEvent("after-sqs/cat.jpg", eTag,
                image.length)));
        eventually("an event sent after the outage is processed", () -> outcomes("processed") > processed);
        drained();
        checker.assertConverged("after-sqs/cat.jpg", true, "(thumb|medium)/after-sqs/cat\\.\\w+",
                service.configHash());
    }
}

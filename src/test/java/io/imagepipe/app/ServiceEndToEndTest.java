package io.imagepipe.app;

import static io.imagepipe.app.LocalService.eventually;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * The whole service in local mode, driven as a user drives it: uploads with an S3 client, events
 * arriving through the real notifier or sent straight to the queue, results read back from S3.
 */
class ServiceEndToEndTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static LocalService local;

    @BeforeAll
    static void start() {
        local = new LocalService(Map.of("IMAGEPIPE_RENDITIONS", "thumb=300x300:fill,medium=800x0:fit,large=1600x1600:fit"));
    }

    @AfterAll
    static void stop() {
        local.close();
    }

    @Test
    void putUploadYieldsEveryRenditionAndTheManifest() throws Exception {
        upload("photos/2024/cat.jpeg", TestImages.jpeg(2000, 1500));
        JsonNode manifest = awaitManifest("photos/2024/cat.jpeg");
        assertThat(manifest.path("status").asText()).isEqualTo("processed");
        assertThat(manifest.path("source").path("width").asInt()).isEqualTo(2000);
        assertThat(manifest.path("source").path("format").asText()).isEqualTo("jpeg");
        assertThat(sizes(manifest)).containsExactly("thumb/photos/2024/cat.jpg 300x300",
                "medium/photos/2024/cat.jpg 800x600", "large/photos/2024/cat.jpg 1600x1200");
        for (JsonNode r : manifest.path("renditions")) {
            HeadObjectResponse head = local.s3.headObject(b -> b.bucket("renditions").key(r.path("key").asText()));
            assertThat(head.contentLength()).isEqualTo(r.path("bytes").asLong());
            assertThat(head.contentType()).isEqualTo("image/jpeg");
            assertThat(head.metadata()).containsEntry("imagepipe-output", "true");
        }
        assertThat(manifest.path("configHash").asText()).isEqualTo(local.mode.service().configHash());
        assertThat(manifest.path("timings").path("decodeMs").isNumber()).isTrue();
    }

    @Test
    void multipartUploadIsProcessedOnceComplete() throws Exception {
        byte[] png = TestImages.noisePng(1600, 1200, 7);
        assertThat(png.length).isGreaterThan(5 * 1024 * 1024 + 1);
        String key = "big/noise.png";
        String uploadId = local.s3.createMultipartUpload(b -> b.bucket("uploads").key(key).contentType("image/png"))
                .uploadId();
        List<CompletedPart> parts = new ArrayList<>();
        int partSize = 5 * 1024 * 1024;
        for (int n = 1, from = 0; from < png.length; n++, from += partSize) {
            int part = n;
            byte[] chunk = java.util.Arrays.copyOfRange(png, from, Math.min(png.length, from + partSize));
            String eTag = local.s3.uploadPart(b -> b.bucket("uploads").key(key).uploadId(uploadId).partNumber(part),
                    RequestBody.fromBytes(chunk)).eTag();
            parts.add(CompletedPart.builder().partNumber(part).eTag(eTag).build());
        }
        local.s3.completeMultipartUpload(b -> b.bucket("uploads").key(key).uploadId(uploadId)
                .multipartUpload(m -> m.parts(parts)));
        JsonNode manifest = awaitManifest(key);
        assertThat(sizes(manifest)).containsExactly("thumb/big/noise.png 300x300", "medium/big/noise.png 800x600",
                "large/big/noise.png 1600x1200");
        assertThat(manifest.path("renditions").get(0).path("contentType").asText()).isEqualTo("image/png");
    }

    @Test
    void copiedObjectIsProcessedUnderItsNewKey() throws Exception {
        upload("copy/original.jpg", TestImages.jpeg(640, 480));
        awaitManifest("copy/original.jpg");
        local.s3.copyObject(b -> b.sourceBucket("uploads").sourceKey("copy/original.jpg")
                .destinationBucket("uploads").destinationKey("copy/duplicate.jpg"));
        JsonNode manifest = awaitManifest("copy/duplicate.jpg");
        assertThat(sizes(manifest)).containsExactly("thumb/copy/duplicate.jpg 300x300",
                "medium/copy/duplicate.jpg 640x480", "large/copy/duplicate.jpg 640x480");
    }

    @Test
    void keyWithSpacesPlusPercentAndNonAsciiRoundTrips() throws Exception {
        String key = "odd names/été 100% a+b.jpg";
        upload(key, TestImages.jpeg(400, 300));
        JsonNode manifest = awaitManifest(key);
        assertThat(manifest.path("source").path("key").asText()).isEqualTo(key);
        assertThat(local.s3.headObject(b -> b.bucket("renditions").key("thumb/odd names/été 100% a+b.jpg"))
                .contentLength()).isPositive();
    }

    @Test
    void snsWrappedAndEventBridgeMessagesAreProcessed() throws Exception {
        // The upload's own notification makes the outputs first; they are then deleted (the output bucket sends
        // no events) so that only the message sent here can bring them back.
        String snsKey = "via/sns.jpg";
        String ebKey = "via/eventbridge.jpg";
        local.s3.putObject(b -> b.bucket("uploads").key(snsKey), RequestBody.fromBytes(TestImages.jpeg(500, 500)));
        awaitManifest(snsKey);
        deleteOutputs(snsKey);
        send(sns(s3Notification("uploads", snsKey)));
        JsonNode manifest = awaitManifest(snsKey);
        assertThat(sizes(manifest)).contains("thumb/via/sns.jpg 300x300");

        local.s3.putObject(b -> b.bucket("uploads").key(ebKey), RequestBody.fromBytes(TestImages.jpeg(500, 400)));
        awaitManifest(ebKey);
        deleteOutputs(ebKey);
        send(eventBridge("Object Created", "uploads", ebKey));
        assertThat(sizes(awaitManifest(ebKey))).contains("medium/via/eventbridge.jpg 500x400");
    }

    @Test
    void testEventIsDeletedAsSkipped() {
        double before = local.outcomes("skipped");
        send("{\"Service\":\"Amazon S3\",\"Event\":\"s3:TestEvent\",\"Time\":\"2026-11-22T10:00:00.000Z\","
                + "\"Bucket\":\"uploads\",\"RequestId\":\"r\",\"HostId\":\"h\"}");
        eventually("the test event is skipped", () -> local.outcomes("skipped") > before);
        eventually("the queue is empty", this::queueEmpty);
    }

    @Test
    void sameEventTwiceGivesOneSetOfOutputsAndADuplicate() throws Exception {
        upload("twice/once.jpg", TestImages.jpeg(600, 400));
        JsonNode first = awaitManifest("twice/once.jpg");
        double duplicates = local.outcomes("duplicate");
        send(s3Notification("uploads", "twice/once.jpg"));
        eventually("the redelivery is a duplicate", () -> local.outcomes("duplicate") > duplicates);
        JsonNode after = manifest("twice/once.jpg");
        assertThat(after.path("processedAt").asText()).isEqualTo(first.path("processedAt").asText());
    }

    @Test
    void objectDeletedBeforeProcessingIsGone() {
        double before = local.outcomes("gone");
        send(s3Notification("uploads", "never/was-here.jpg"));
        eventually("the event is gone", () -> local.outcomes("gone") > before);
        eventually("the queue is empty", this::queueEmpty);
        assertThat(manifestExists("never/was-here.jpg")).isFalse();
    }

    @Test
    void deletingASourceRemovesItsRenditionsAndManifest() throws Exception {
        upload("remove/me.jpg", TestImages.jpeg(900, 600));
        JsonNode manifest = awaitManifest("remove/me.jpg");
        local.s3.deleteObject(b -> b.bucket("uploads").key("remove/me.jpg"));
        eventually("the manifest is removed", () -> !manifestExists("remove/me.jpg"));
        for (JsonNode r : manifest.path("renditions")) {
            assertThat(exists("renditions", r.path("key").asText())).as(r.path("key").asText()).isFalse();
        }
    }

    @Test
    void corruptImageIsDeadLetteredWithItsReasonAndOthersGoOn() throws Exception {
        byte[] good = TestImages.jpeg(800, 600);
        byte[] truncated = java.util.Arrays.copyOf(good, good.length / 2);
        upload("bad/truncated.jpg", truncated);
        upload("bad/neighbour.jpg", good);
        Message dead = awaitDeadLetter("bad/truncated.jpg");
        assertThat(dead.messageAttributes().get("imagepipe-reason").stringValue()).isEqualTo("corrupt");
        assertThat(dead.messageAttributes().get("imagepipe-message").stringValue()).contains("truncated");
        JsonNode rejected = awaitManifest("bad/truncated.jpg");
        assertThat(rejected.path("status").asText()).isEqualTo("rejected");
        assertThat(rejected.path("error").path("reason").asText()).isEqualTo("corrupt");
        assertThat(awaitManifest("bad/neighbour.jpg").path("status").asText()).isEqualTo("processed");
    }

    @Test
    void sourceReplacedByACorruptFileLosesItsOldRenditions() throws Exception {
        upload("replace/photo.jpg", TestImages.jpeg(640, 480));
        JsonNode before = awaitManifest("replace/photo.jpg");
        assertThat(before.path("status").asText()).isEqualTo("processed");
        byte[] good = TestImages.jpeg(640, 480);
        upload("replace/photo.jpg", java.util.Arrays.copyOf(good, good.length / 3));
        eventually("the manifest says rejected", () -> {
            try {
                return "rejected".equals(manifest("replace/photo.jpg").path("status").asText());
            } catch (Exception e) {
                return false;
            }
        });
        for (JsonNode r : before.path("renditions")) {
            assertThat(exists("renditions", r.path("key").asText())).as(r.path("key").asText()).isFalse();
        }
        awaitDeadLetter("replace/photo.jpg");
    }

    @Test
    void eventForABucketThatIsNotAllowedIsRefused() throws Exception {
        send(s3Notification("someone-elses-bucket", "x.jpg"));
        Message dead = awaitDeadLetter("someone-elses-bucket");
        assertThat(dead.messageAttributes().get("imagepipe-reason").stringValue()).isEqualTo("bucket_not_allowed");
    }

    @Test
    void metricsShowOutcomesAndStageTimings() throws Exception {
        upload("metrics/one.jpg", TestImages.jpeg(700, 500));
        awaitManifest("metrics/one.jpg");
        HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
                + local.mode.service().httpPort() + "/health/live")).build(), HttpResponse.BodyHandlers.ofString());
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + local.mode.service().httpPort() + "/metrics")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body())
                .containsPattern("imagepipe_messages_total\\{outcome=\"processed\"} [1-9]")
                .containsPattern("imagepipe_stage_seconds_count\\{stage=\"decode\"} [1-9]")
                .contains("imagepipe_stage_seconds_bucket{stage=\"total\"", "imagepipe_source_bytes_count",
                        "imagepipe_output_bytes_total", "imagepipe_inflight_messages",
                        "imagepipe_worker_queue_depth", "imagepipe_pixel_budget_used_ratio", "jvm_memory_used_bytes",
                        "vertx_http_server_requests_total");
    }

    @Test
    void readinessReportsEachDependency() throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + local.mode.service().httpPort() + "/health/ready")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode body = JSON.readTree(response.body());
        assertThat(body.path("checks").path("s3").path("status").asText()).isEqualTo("UP");
        assertThat(body.path("checks").path("sqs").path("status").asText()).isEqualTo("UP");
        assertThat(body.path("checks").path("consumer").path("status").asText()).isEqualTo("UP");
    }

    private void upload(String key, byte[] bytes) {
        local.s3.putObject(b -> b.bucket("uploads").key(key), RequestBody.fromBytes(bytes));
    }

    private void send(String body) {
        local.sqs.sendMessage(b -> b.queueUrl(local.queueUrl()).messageBody(body));
    }

    private boolean queueEmpty() {
        Map<QueueAttributeName, String> a = local.sqs.getQueueAttributes(b -> b.queueUrl(local.queueUrl())
                .attributeNames(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES,
                        QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE)).attributes();
        return "0".equals(a.get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES))
                && "0".equals(a.get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE));
    }

    private JsonNode awaitManifest(String sourceKey) throws Exception {
        eventually("the manifest of " + sourceKey + " exists", () -> manifestExists(sourceKey));
        return manifest(sourceKey);
    }

    private JsonNode manifest(String sourceKey) throws Exception {
        return JSON.readTree(local.s3.getObjectAsBytes(b -> b.bucket("renditions")
                .key("manifests/" + sourceKey + ".json")).asByteArray());
    }

    private boolean manifestExists(String sourceKey) {
        return exists("renditions", "manifests/" + sourceKey + ".json");
    }

    private boolean exists(String bucket, String key) {
        try {
            local.s3.headObject(b -> b.bucket(bucket).key(key));
            return true;
        } catch (NoSuchKeyException e) {
            return false;
        } catch (software.amazon.awssdk.services.s3.model.S3Exception e) {
            if (e.statusCode() == 404) {
                return false;
            }
            throw e;
        }
    }

    private void deleteOutputs(String sourceKey) throws Exception {
        JsonNode manifest = manifest(sourceKey);
        for (JsonNode r : manifest.path("renditions")) {
            local.s3.deleteObject(b -> b.bucket("renditions").key(r.path("key").asText()));
        }
        local.s3.deleteObject(b -> b.bucket("renditions").key("manifests/" + sourceKey + ".json"));
    }

    /** Waits for a DLQ message whose body mentions {@code needle}; other DLQ messages are put back. */
    private Message awaitDeadLetter(String needle) {
        Message[] found = new Message[1];
        eventually("a dead letter mentioning " + needle, () -> {
            for (Message m : local.sqs.receiveMessage(b -> b.queueUrl(local.dlqUrl()).maxNumberOfMessages(10)
                    .waitTimeSeconds(1).messageAttributeNames("All")).messages()) {
                if (m.body().contains(needle) || m.body().contains(URLEncoder.encode(needle, StandardCharsets.UTF_8))) {
                    local.sqs.deleteMessage(b -> b.queueUrl(local.dlqUrl()).receiptHandle(m.receiptHandle()));
                    found[0] = m;
                    return true;
                }
                local.sqs.changeMessageVisibility(b -> b.queueUrl(local.dlqUrl()).receiptHandle(m.receiptHandle())
                        .visibilityTimeout(0));
            }
            return false;
        });
        return found[0];
    }

    static String s3Notification(String bucket, String key) {
        String encoded = URLEncoder.encode(key, StandardCharsets.UTF_8).replace("%2F", "/");
        return "{\"Records\":[{\"eventVersion\":\"2.1\",\"eventSource\":\"aws:s3\",\"awsRegion\":\"us-east-1\","
                + "\"eventTime\":\"2026-11-22T10:00:00.000Z\",\"eventName\":\"ObjectCreated:Put\","
                + "\"s3\":{\"s3SchemaVersion\":\"1.0\",\"bucket\":{\"name\":\"" + bucket + "\"},"
                + "\"object\":{\"key\":\"" + encoded + "\",\"size\":1}}}]}";
    }

    static String sns(String message) {
        return "{\"Type\":\"Notification\",\"MessageId\":\"m-1\",\"TopicArn\":\"arn:aws:sns:us-east-1:000000000000:t\","
                + "\"Subject\":\"Amazon S3 Notification\",\"Message\":" + quote(message) + ","
                + "\"Timestamp\":\"2026-11-22T10:00:00.000Z\",\"SignatureVersion\":\"1\"}";
    }

    static String eventBridge(String detailType, String bucket, String key) {
        return "{\"version\":\"0\",\"id\":\"e-1\",\"detail-type\":\"" + detailType + "\",\"source\":\"aws.s3\","
                + "\"account\":\"000000000000\",\"time\":\"2026-11-22T10:00:00Z\",\"region\":\"us-east-1\","
                + "\"resources\":[\"arn:aws:s3:::" + bucket + "\"],\"detail\":{\"version\":\"0\",\"bucket\":{\"name\":\""
                + bucket + "\"},\"object\":{\"key\":\"" + key + "\",\"size\":1},\"reason\":\"PutObject\"}}";
    }

    private static String quote(String s) {
        try {
            return JSON.writeValueAsString(s);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static List<String> sizes(JsonNode manifest) {
        List<String> out = new ArrayList<>();
        for (JsonNode r : manifest.path("renditions")) {
            out.add(r.path("key").asText() + " " + r.path("width").asInt() + "x" + r.path("height").asInt());
        }
        return out;
    }
}

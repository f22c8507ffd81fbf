package io.imagepipe.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.ByteArrayOutputStream;
import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.ObjectIdentifier;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;
import software.amazon.awssdk.services.s3.presigner.model.PresignedPutObjectRequest;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;

/** Uploads with real SDK clients and checks the S3 event notifications that arrive on the queue. */
class LocalEnvironmentTest {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final String UPLOADS = "uploads";
    private static final String RENDITIONS = "renditions";

    @TempDir
    static Path dataDir;
    private static LocalEnvironment env;
    private static S3Client s3;
    private static SqsClient sqs;
    private static final HttpClient http = HttpClient.newHttpClient();

    @BeforeAll
    static void start() {
        env = LocalEnvironment.start(LocalEnvironment.Options.ephemeral().withDataDir(dataDir));
        s3 = TestClients.s3(env.s3Endpoint(), env.accessKey(), env.secretKey());
        sqs = TestClients.sqs(env.sqsEndpoint());
    }

    @AfterAll
    static void stop() {
        s3.close();
        sqs.close();
        env.close();
    }

    @AfterEach
    void queueIsLeftEmpty() {
        assertThat(TestClients.drain(sqs, env.queueUrl(), 0)).isEmpty();
    }

    @Test
    void defaultsAreTheLocalModeOnes() {
        LocalEnvironment.Options d = LocalEnvironment.Options.defaults();
        assertThat(d.accessKey()).isEqualTo("imagepipe");
        assertThat(d.secretKey()).isEqualTo("imagepipe-local-secret");
        assertThat(d.region()).isEqualTo("us-east-1");
        assertThat(d.sourceBuckets()).containsExactly("uploads");
        assertThat(d.otherBuckets()).containsExactly("renditions");
        assertThat(env.queueUrl()).endsWith("/000000000000/imagepipe-events");
        assertThat(env.dlqUrl()).endsWith("/000000000000/imagepipe-events-dlq");
        assertThat(s3.listBuckets().buckets()).extracting(b -> b.name()).contains(UPLOADS, RENDITIONS);
    }

    @Test
    void putObjectIsOnTheQueueWhenPutReturns() {
        byte[] body = bytes(1234);
        String eTag = s3.putObject(b -> b.bucket(UPLOADS).key("photos/2024/cat.jpeg").contentType("image/jpeg"),
                RequestBody.fromBytes(body)).eTag();

        List<Message> messages = sqs.receiveMessage(b -> b.queueUrl(env.queueUrl()).maxNumberOfMessages(10)
                .waitTimeSeconds(0)).messages();
        messages.forEach(m -> sqs.deleteMessage(b -> b.queueUrl(env.queueUrl()).receiptHandle(m.receiptHandle())));

        assertThat(messages).hasSize(1);
        JsonNode record = record(messages.get(0));
        assertThat(record.get("eventVersion").asText()).isEqualTo("2.1");
        assertThat(record.get("eventSource").asText()).isEqualTo("aws:s3");
        assertThat(record.get("awsRegion").asText()).isEqualTo("us-east-1");
        assertThat(record.get("eventTime").asText()).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z");
        assertThat(record.get("eventName").asText()).isEqualTo("ObjectCreated:Put");
        assertThat(record.at("/s3/bucket/name").asText()).isEqualTo(UPLOADS);
        assertThat(record.at("/s3/bucket/arn").asText()).isEqualTo("arn:aws:s3:::uploads");
        assertThat(record.at("/s3/object/key").asText()).isEqualTo("photos/2024/cat.jpeg");
        assertThat(record.at("/s3/object/size").asLong()).isEqualTo(body.length);
        assertThat(record.at("/s3/object/eTag").asText()).isEqualTo(unquote(eTag)).matches("[0-9a-f]{32}");
        assertThat(record.at("/s3/object/sequencer").asText()).matches("[0-9A-F]{18}");
    }

    @Test
    void multipartUploadNotifiesOnceOnCompletion() {
        String key = "big/multi.jpg";
        String uploadId = s3.createMultipartUpload(b -> b.bucket(UPLOADS).key(key)).uploadId();
        int[] sizes = {5 * 1024 * 1024, 5 * 1024 * 1024, 1024 * 1024};
        List<CompletedPart> parts = new ArrayList<>();
        for (int i = 0; i < sizes.length; i++) {
            int partNumber = i + 1;
            String partETag = s3.uploadPart(b -> b.bucket(UPLOADS).key(key).uploadId(uploadId).partNumber(partNumber),
                    RequestBody.fromBytes(bytes(sizes[partNumber - 1]))).eTag();
            parts.add(CompletedPart.builder().partNumber(partNumber).eTag(partETag).build());
        }
        assertThat(TestClients.drain(sqs, env.queueUrl(), 0)).as("nothing before completion").isEmpty();

        String eTag = s3.completeMultipartUpload(b -> b.bucket(UPLOADS).key(key).uploadId(uploadId)
                .multipartUpload(u -> u.parts(parts))).eTag();

        JsonNode record = record(single());
        assertThat(record.get("eventName").asText()).isEqualTo("ObjectCreated:CompleteMultipartUpload");
        assertThat(record.at("/s3/object/key").asText()).isEqualTo(key);
        assertThat(record.at("/s3/object/size").asLong()).isEqualTo(Arrays.stream(sizes).sum());
        assertThat(record.at("/s3/object/eTag").asText()).isEqualTo(unquote(eTag)).endsWith("-3");
    }

    @Test
    void copyObjectNotifiesCopy() {
        s3.putObject(b -> b.bucket(UPLOADS).key("src.png"), RequestBody.fromBytes(bytes(300)));
        assertThat(TestClients.drain(sqs, env.queueUrl(), 1)).hasSize(1);

        String eTag = s3.copyObject(b -> b.sourceBucket(UPLOADS).sourceKey("src.png")
                .destinationBucket(UPLOADS).destinationKey("copies/dst.png")).copyObjectResult().eTag();

        JsonNode record = record(single());
        assertThat(record.get("eventName").asText()).isEqualTo("ObjectCreated:Copy");
        assertThat(record.at("/s3/object/key").asText()).isEqualTo("copies/dst.png");
        assertThat(record.at("/s3/object/size").asLong()).isEqualTo(300);
        assertThat(record.at("/s3/object/eTag").asText()).isEqualTo(unquote(eTag));
    }

    @Test
    void deleteObjectNotifiesRemovalWithoutSizeOrETag() {
        s3.putObject(b -> b.bucket(UPLOADS).key("gone.jpg"), RequestBody.fromBytes(bytes(10)));
        assertThat(TestClients.drain(sqs, env.queueUrl(), 1)).hasSize(1);

        s3.deleteObject(b -> b.bucket(UPLOADS).key("gone.jpg"));

        JsonNode record = record(single());
        assertThat(record.get("eventName").asText()).isEqualTo("ObjectRemoved:Delete");
        assertThat(record.at("/s3/object/key").asText()).isEqualTo("gone.jpg");
        assertThat(record.at("/s3/object").has("size")).isFalse();
        assertThat(record.at("/s3/object").has("eTag")).isFalse();
        assertThat(record.at("/s3/object/sequencer").asText()).matches("[0-9A-F]{18}");
    }

    @Test
    void deleteObjectsNotifiesEachKey() {
        for (String key : List.of("batch/1.jpg", "batch/2.jpg")) {
            s3.putObject(b -> b.bucket(UPLOADS).key(key), RequestBody.fromBytes(bytes(10)));
        }
        assertThat(TestClients.drain(sqs, env.queueUrl(), 2)).hasSize(2);

        s3.deleteObjects(b -> b.bucket(UPLOADS).delete(d -> d.objects(
                ObjectIdentifier.builder().key("batch/1.jpg").build(),
                ObjectIdentifier.builder().key("batch/2.jpg").build())));

        List<JsonNode> records = TestClients.drain(sqs, env.queueUrl(), 2).stream().map(LocalEnvironmentTest::record)
                .toList();
        assertThat(records).extracting(r -> r.get("eventName").asText())
                .containsExactly("ObjectRemoved:Delete", "ObjectRemoved:Delete");
        assertThat(records).extracting(r -> r.at("/s3/object/key").asText())
                .containsExactlyInAnyOrder("batch/1.jpg", "batch/2.jpg");
    }

    @Test
    void keysAreEncodedLikeAws() {
        String key = "photos/my cat+dog 100%é.jpg";
        s3.putObject(b -> b.bucket(UPLOADS).key(key), RequestBody.fromBytes(bytes(5)));

        String encoded = record(single()).at("/s3/object/key").asText();

        assertThat(encoded).isEqualTo("photos/my+cat%2Bdog+100%25%C3%A9.jpg");
        assertThat(URLDecoder.decode(encoded, StandardCharsets.UTF_8)).isEqualTo(key);
    }

    @Test
    void writesOutsideTheSourceBucketsAreSilent() {
        s3.putObject(b -> b.bucket(RENDITIONS).key("thumb/a.jpg"), RequestBody.fromBytes(bytes(5)));
        s3.putObject(b -> b.bucket(UPLOADS).key("for-copy.jpg"), RequestBody.fromBytes(bytes(5)));
        assertThat(TestClients.drain(sqs, env.queueUrl(), 1)).hasSize(1);

        s3.copyObject(b -> b.sourceBucket(UPLOADS).sourceKey("for-copy.jpg")
                .destinationBucket(RENDITIONS).destinationKey("thumb/b.jpg"));
        s3.deleteObject(b -> b.bucket(RENDITIONS).key("thumb/a.jpg"));

        assertThat(TestClients.drain(sqs, env.queueUrl(), 0)).isEmpty();
    }

    @Test
    void aWrongSecretIsRefusedAndNotifiesNothing() {
        try (S3Client wrong = TestClients.s3(env.s3Endpoint(), env.accessKey(), "wrong-secret")) {
            S3Exception e = catchThrowableOfType(S3Exception.class,
                    () -> wrong.putObject(b -> b.bucket(UPLOADS).key("x.jpg"), RequestBody.fromBytes(bytes(5))));

            assertThat(e.statusCode()).isEqualTo(403);
        }
        assertThat(TestClients.drain(sqs, env.queueUrl(), 0)).isEmpty();
    }

    @Test
    void presignedPutFromABrowserNotifies() throws Exception {
        byte[] body = bytes(2048);
        PresignedPutObjectRequest presigned;
        try (S3Presigner presigner = TestClients.presigner(env.s3Endpoint(), env.accessKey(), env.secretKey())) {
            presigned = presigner.presignPutObject(p -> p.signatureDuration(Duration.ofMinutes(5))
                    .putObjectRequest(b -> b.bucket(UPLOADS).key("browser/pic.png").contentType("image/png")));
        }

        HttpResponse<String> response = http.send(HttpRequest.newBuilder(presigned.url().toURI())
                        .header("Content-Type", "image/png")
                        .header("Origin", "http://localhost:8080")
                        .PUT(HttpRequest.BodyPublishers.ofByteArray(body)).build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(response.headers().firstValue("Access-Control-Expose-Headers")).hasValueSatisfying(v ->
                assertThat(v).containsIgnoringCase("ETag"));
        JsonNode record = record(single());
        assertThat(record.get("eventName").asText()).isEqualTo("ObjectCreated:Put");
        assertThat(record.at("/s3/object/key").asText()).isEqualTo("browser/pic.png");
        assertThat(record.at("/s3/object/size").asLong()).isEqualTo(body.length);
        assertThat(record.at("/s3/object/eTag").asText())
                .isEqualTo(unquote(response.headers().firstValue("ETag").orElseThrow()));
    }

    @Test
    void browserFormPostNotifiesPost() throws Exception {
        byte[] body = bytes(700);
        HttpResponse<String> response = http.send(PostForm.signed(env, UPLOADS, "forms/pic.jpg", body),
                HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).as(response.body()).isEqualTo(204);
        JsonNode record = record(single());
        assertThat(record.get("eventName").asText()).isEqualTo("ObjectCreated:Post");
        assertThat(record.at("/s3/object/key").asText()).isEqualTo("forms/pic.jpg");
        assertThat(record.at("/s3/object/size").asLong()).isEqualTo(body.length);
    }

    @Test
    void sequencersIncreasePerKey() {
        for (int size = 1; size <= 3; size++) {
            byte[] body = bytes(size);
            s3.putObject(b -> b.bucket(UPLOADS).key("again.jpg"), RequestBody.fromBytes(body));
        }
        List<JsonNode> inWriteOrder = TestClients.drain(sqs, env.queueUrl(), 3).stream()
                .map(LocalEnvironmentTest::record)
                .sorted(Comparator.comparingLong(r -> r.at("/s3/object/size").asLong())).toList();

        assertThat(inWriteOrder).extracting(r -> r.at("/s3/object/sequencer").asText())
                .hasSize(3).isSortedAccordingTo(Comparator.naturalOrder()).doesNotHaveDuplicates();
    }

    private static Message single() {
        List<Message> messages = TestClients.drain(sqs, env.queueUrl(), 1);
        assertThat(messages).hasSize(1);
        return messages.get(0);
    }

    private static JsonNode record(Message message) {
        try {
            JsonNode records = MAPPER.readTree(message.body()).get("Records");
            assertThat(records).hasSize(1);
            return records.get(0);
        } catch (Exception e) {
            throw new AssertionError("not JSON: " + message.body(), e);
        }
    }

    private static String unquote(String eTag) {
        return eTag.replace("\"", "");
    }

    private static byte[] bytes(int n) {
        byte[] b = new byte[n];
        for (int i = 0; i < n; i++) {
            b[i] = (byte) (i * 31 + 7);
        }
        return b;
    }

    /** A browser form upload (POST Object) signed with a SigV4 POST policy, built by hand. */
    private static final class PostForm {
        private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("yyyyMMdd").withZone(ZoneOffset.UTC);
        private static final DateTimeFormatter AMZ = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'")
                .withZone(ZoneOffset.UTC);

        static HttpRequest signed(LocalEnvironment env, String bucket, String key, byte[] file) throws Exception {
            Instant now = Instant.now();
            String day = DAY.format(now);
            String amzDate = AMZ.format(now);
            String credential = env.accessKey() + "/" + day + "/" + env.region() + "/s3/aws4_request";
            String policyJson = MAPPER.writeValueAsString(MAPPER.createObjectNode()
                    .put("expiration", now.plusSeconds(600).toString())
                    .set("conditions", MAPPER.createArrayNode()
                            .add(MAPPER.createObjectNode().put("bucket", bucket))
                            .add(MAPPER.createArrayNode().add("starts-with").add("$key").add("forms/"))
                            .add(MAPPER.createObjectNode().put("x-amz-algorithm", "AWS4-HMAC-SHA256"))
                            .add(MAPPER.createObjectNode().put("x-amz-credential", credential))
                            .add(MAPPER.createObjectNode().put("x-amz-date", amzDate))));
            String policy = Base64.getEncoder().encodeToString(policyJson.getBytes(StandardCharsets.UTF_8));
            byte[] signingKey = hmac(hmac(hmac(hmac(("AWS4" + env.secretKey()).getBytes(StandardCharsets.UTF_8),
                    day), env.region()), "s3"), "aws4_request");
            String signature = HexFormat.of().formatHex(hmac(signingKey, policy));

            String boundary = "----imagepipe" + Long.toHexString(now.toEpochMilli());
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            field(out, boundary, "key", key);
            field(out, boundary, "x-amz-algorithm", "AWS4-HMAC-SHA256");
            field(out, boundary, "x-amz-credential", credential);
            field(out, boundary, "x-amz-date", amzDate);
            field(out, boundary, "policy", policy);
            field(out, boundary, "x-amz-signature", signature);
            out.write(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"pic.jpg\"\r\n"
                    + "Content-Type: image/jpeg\r\n\r\n").getBytes(StandardCharsets.UTF_8));
            out.write(file);
            out.write(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
            return HttpRequest.newBuilder(env.s3Endpoint().resolve("/" + bucket))
                    .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                    .header("Origin", "http://localhost:8080")
                    .POST(HttpRequest.BodyPublishers.ofByteArray(out.toByteArray()))
                    .build();
        }

        private static void field(ByteArrayOutputStream out, String boundary, String name, String value) {
            out.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + name + "\"\r\n\r\n"
                    + value + "\r\n").getBytes(StandardCharsets.UTF_8));
        }

        private static byte[] hmac(byte[] key, String data) throws Exception {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(data.getBytes(StandardCharsets.UTF_8));
        }
    }
}

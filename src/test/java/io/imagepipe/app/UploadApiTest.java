package io.imagepipe.app;

import static io.imagepipe.app.LocalService.eventually;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.imagepipe.storage.SignedRequest;
import io.imagepipe.storage.UrlSigner;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Configuration;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;

/**
 * The upload page's API in local mode, every rule of it, with real signed uploads to the local S3
 * and real processing behind them.
 */
class UploadApiTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String KEY_PATTERN = "uploads/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/";
    private static LocalService local;
    private static HttpClient http;

    @BeforeAll
    static void start() {
        local = new LocalService(Map.of("IMAGEPIPE_UPLOAD_MAX_BYTES", "5000000"));
        http = HttpClient.newHttpClient();
    }

    @AfterAll
    static void stop() {
        local.close();
    }

    // ---- POST /api/uploads ----

    @Test
    void allowedTypeGetsASignedPutForAFreshKey() throws Exception {
        Instant before = Instant.now();
        JsonNode first = okUpload("cat.jpg", "image/jpeg", 1234);
        JsonNode second = okUpload("cat.jpg", "image/jpeg", 1234);

        assertThat(first.path("key").asText()).matches(KEY_PATTERN + "cat\\.jpg");
        assertThat(second.path("key").asText()).as("every upload gets its own key").isNotEqualTo(first.path("key").asText());
        assertThat(first.path("method").asText()).isEqualTo("PUT");
        assertThat(first.path("headers").path("Content-Type").asText()).isEqualTo("image/jpeg");
        assertThat(first.path("headers").path("Content-Length").asText()).isEqualTo("1234");
        assertThat(URI.create(first.path("url").asText()).getPort()).isEqualTo(local.mode.environment().s3Endpoint().getPort());
        assertThat(first.path("url").asText()).contains("/uploads/uploads/").contains("X-Amz-Signature=");
        Instant expires = Instant.parse(first.path("expiresAt").asText());
        assertThat(expires).isBetween(before.plusSeconds(299), Instant.now().plusSeconds(301));
        assertThat(first.path("statusUrl").asText()).isEqualTo("/api/images/" + first.path("key").asText());
    }

    @Test
    void everyFormatTheCoreReadsIsAllowedAndTypesAreNormalised() throws Exception {
        for (String type : new String[] {"image/jpeg", "image/png", "image/gif", "image/bmp", "image/webp", "image/tiff"}) {
            assertThat(okUpload("a.img", type, 10).path("headers").path("Content-Type").asText()).isEqualTo(type);
        }
        assertThat(okUpload("a.png", "IMAGE/PNG; charset=binary", 10).path("headers").path("Content-Type").asText())
                .isEqualTo("image/png");
    }

    @Test
    void otherContentTypesAreRefusedWith415() throws Exception {
        for (String type : new String[] {"text/plain", "image/svg+xml", "application/pdf", "image/heic", "", "image"}) {
            HttpResponse<String> r = postUpload(body("x.jpg", type, 10));
            assertError(r, 415, "unsupported_content_type");
            assertThat(json(r).path("message").asText()).contains("image/jpeg");
        }
    }

    @Test
    void sizeOverTheCapIsRefusedWith413() throws Exception {
        assertThat(okUpload("big.jpg", "image/jpeg", 5_000_000).path("headers").path("Content-Length").asText())
                .isEqualTo("5000000");
        HttpResponse<String> r = postUpload(body("big.jpg", "image/jpeg", 5_000_001));
        assertError(r, 413, "too_large");
        assertThat(json(r).path("message").asText()).contains("5000001").contains("5000000");
    }

    @Test
    void missingAndMalformedFieldsAreRefusedWith400() throws Exception {
        assertError(postUpload("{\"contentType\":\"image/jpeg\",\"size\":1}"), 400, "missing_field");
        assertError(postUpload("{\"filename\":\"a.jpg\",\"size\":1}"), 400, "missing_field");
        assertError(postUpload("{\"filename\":\"a.jpg\",\"contentType\":\"image/jpeg\"}"), 400, "missing_field");
        assertError(postUpload("{\"filename\":7,\"contentType\":\"image/jpeg\",\"size\":1}"), 400, "invalid_field");
        assertError(postUpload("{\"filename\":\"a.jpg\",\"contentType\":[],\"size\":1}"), 400, "invalid_field");
        assertError(postUpload("{\"filename\":\"a.jpg\",\"contentType\":\"image/jpeg\",\"size\":\"12\"}"), 400, "invalid_field");
        assertError(postUpload("{\"filename\":\"a.jpg\",\"contentType\":\"image/jpeg\",\"size\":1.5}"), 400, "invalid_field");
        assertError(postUpload("{\"filename\":\"a.jpg\",\"contentType\":\"image/jpeg\",\"size\":0}"), 400, "invalid_field");
        assertError(postUpload("{\"filename\":\"a.jpg\",\"contentType\":\"image/jpeg\",\"size\":-5}"), 400, "invalid_field");
        assertError(postUpload("{\"filename\":\"\",\"contentType\":\"image/jpeg\",\"size\":5}"), 400, "invalid_filename");
        assertError(postUpload("{\"filename\": \"a.jpg\", "), 400, "invalid_json");
        assertError(postUpload("[1,2]"), 400, "invalid_body");
        assertError(postUpload(""), 400, "invalid_body");
    }

    @Test
    void bodiesThatAreNotJsonOrTooLargeAreRefused() throws Exception {
        HttpResponse<String> form = http.send(HttpRequest.newBuilder(api("/api/uploads"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("filename=a.jpg")).build(), HttpResponse.BodyHandlers.ofString());
        assertError(form, 415, "body_not_json");
        String huge = "{\"filename\":\"" + "a".repeat(20_000) + ".jpg\",\"contentType\":\"image/jpeg\",\"size\":1}";
        assertError(postUpload(huge), 413, "body_too_large");
    }

    @Test
    void filenamesAreSanitisedNeverPaths() throws Exception {
        assertThat(okUpload("../../etc/passwd.jpg", "image/jpeg", 1).path("key").asText()).matches(KEY_PATTERN + "passwd\\.jpg");
        assertThat(okUpload("photos/2024/cat.jpg", "image/jpeg", 1).path("key").asText()).matches(KEY_PATTERN + "cat\\.jpg");
        assertThat(okUpload("C:\\Users\\me\\dog.png", "image/png", 1).path("key").asText()).matches(KEY_PATTERN + "dog\\.png");
        assertThat(okUpload("🐱 my cat 🐶.jpg", "image/jpeg", 1).path("key").asText()).matches(KEY_PATTERN + "my-cat\\.jpg");
        assertThat(okUpload("🐱.jpg", "image/jpeg", 1).path("key").asText()).matches(KEY_PATTERN + "image\\.jpg");
        String longKey = okUpload("n".repeat(300) + ".jpg", "image/jpeg", 1).path("key").asText();
        assertThat(longKey).matches(KEY_PATTERN + "n{96}\\.jpg");
        assertError(postUpload(body("cat\u0000.jpg", "image/jpeg", 1)), 400, "invalid_filename");
    }

    // ---- the signed PUT against the real local S3 ----

    @Test
    void signedUrlAcceptsExactlyTheSignedUpload() throws Exception {
        byte[] image = TestImages.jpeg(64, 48);
        JsonNode upload = okUpload("exact.jpg", "image/jpeg", image.length);

        assertThat(put(upload, "image/png", image).statusCode()).as("another Content-Type").isEqualTo(403);
        byte[] longer = java.util.Arrays.copyOf(image, image.length + 1);
        assertThat(put(upload, "image/jpeg", longer).statusCode()).as("one byte more").isEqualTo(403);
        byte[] shorter = java.util.Arrays.copyOf(image, image.length - 1);
        assertThat(put(upload, "image/jpeg", shorter).statusCode()).as("one byte less").isEqualTo(403);
        HttpResponse<String> exact = put(upload, "image/jpeg", image);
        assertThat(exact.statusCode()).as(exact.body()).isEqualTo(200);

        HeadObjectResponse head = local.s3.headObject(b -> b.bucket("uploads").key(upload.path("key").asText()));
        assertThat(head.contentLength()).isEqualTo(image.length);
        assertThat(head.contentType()).isEqualTo("image/jpeg");
    }

    @Test
    void expiredSignedUrlIsRefused() throws Exception {
        var env = local.mode.environment();
        try (S3Presigner presigner = S3Presigner.builder().region(Region.US_EAST_1).endpointOverride(env.s3Endpoint())
                .credentialsProvider(env.credentialsProvider())
                .serviceConfiguration(S3Configuration.builder().pathStyleAccessEnabled(true).build()).build()) {
            byte[] image = TestImages.jpeg(32, 32);
            UrlSigner signer = new UrlSigner(presigner);
            SignedRequest fresh = signer.signPut("uploads", "uploads/expiry/fresh.jpg", "image/jpeg", image.length,
                    Duration.ofSeconds(60));
            SignedRequest shortLived = signer.signPut("uploads", "uploads/expiry/late.jpg", "image/jpeg", image.length,
                    Duration.ofSeconds(1));
            Thread.sleep(2500);

            HttpResponse<String> late = put(shortLived.url().toURI(), "image/jpeg", image);
            assertThat(late.statusCode()).isEqualTo(403);
            assertThat(late.body()).contains("expired");
            assertThat(put(fresh.url().toURI(), "image/jpeg", image).statusCode()).isEqualTo(200);
        }
    }

    @Test
    void localS3AnswersCorsForThePageOriginOnly() throws Exception {
        URI object = local.mode.environment().s3Endpoint().resolve("/uploads/uploads/x.jpg");
        String page = "http://127.0.0.1:" + local.mode.service().httpPort();
        HttpResponse<Void> allowed = preflight(object, page);
        assertThat(allowed.statusCode()).isEqualTo(200);
        assertThat(allowed.headers().firstValue("Access-Control-Allow-Origin")).contains(page);
        assertThat(preflight(object, "http://localhost:" + local.mode.service().httpPort()).statusCode()).isEqualTo(200);
        assertThat(preflight(object, "https://evil.example").statusCode()).isEqualTo(403);
        assertThat(preflight(object, page + "1").statusCode()).as("a longer port is another origin").isEqualTo(403);
    }

    // ---- GET /api/images/{key} ----

    @Test
    void imageIs404UntilProcessedThenItsManifestWithWorkingUrls() throws Exception {
        byte[] image = TestImages.jpeg(1200, 900);
        JsonNode upload = okUpload("sunset photo.jpg", "image/jpeg", image.length);
        String key = upload.path("key").asText();
        assertThat(key).endsWith("/sunset-photo.jpg");

        HttpResponse<String> before = get(upload.path("statusUrl").asText());
        assertError(before, 404, "not_found");

        assertThat(put(upload, "image/jpeg", image).statusCode()).isEqualTo(200);
        JsonNode result = awaitResult(upload.path("statusUrl").asText());
        assertThat(result.path("status").asText()).isEqualTo("processed");
        assertThat(result.path("key").asText()).isEqualTo(key);
        assertThat(result.path("source").path("width").asInt()).isEqualTo(1200);
        assertThat(result.path("source").path("bytes").asLong()).isEqualTo(image.length);
        assertThat(fetch(result.path("source").path("url").asText())).isEqualTo(image);
        Set<String> names = new HashSet<>();
        for (JsonNode r : result.path("renditions")) {
            names.add(r.path("name").asText());
            byte[] bytes = fetch(r.path("url").asText());
            assertThat(bytes).hasSize(r.path("bytes").asInt());
            BufferedImage decoded = ImageIO.read(new ByteArrayInputStream(bytes));
            assertThat(decoded.getWidth()).isEqualTo(r.path("width").asInt());
            assertThat(decoded.getHeight()).isEqualTo(r.path("height").asInt());
        }
        assertThat(names).containsExactlyInAnyOrder("thumb", "medium", "large");
        assertThat(Instant.parse(result.path("urlsExpireAt").asText())).isAfter(Instant.now());
    }

    @Test
    void waitingRequestAnswersAsSoonAsTheManifestLands() throws Exception {
        byte[] image = TestImages.jpeg(400, 300);
        JsonNode upload = okUpload("waited.jpg", "image/jpeg", image.length);
        CompletableFuture<HttpResponse<String>> waiting = http.sendAsync(
                HttpRequest.newBuilder(api(upload.path("statusUrl").asText() + "?wait=20")).build(),
                HttpResponse.BodyHandlers.ofString());
        Thread.sleep(300);
        assertThat(waiting).as("held while nothing is uploaded").isNotDone();

        assertThat(put(upload, "image/jpeg", image).statusCode()).isEqualTo(200);
        HttpResponse<String> answer = waiting.get(20, java.util.concurrent.TimeUnit.SECONDS);
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
        assertThat(json(answer).path("renditions")).hasSize(3);
    }

    @Test
    void rejectedImageReportsItsReasonInPlainWords() throws Exception {
        byte[] text = "this is not a picture, only words\n".repeat(20).getBytes(StandardCharsets.UTF_8);
        JsonNode upload = okUpload("notes.jpg", "image/jpeg", text.length);
        assertThat(put(upload, "image/jpeg", text).statusCode()).isEqualTo(200);

        JsonNode result = awaitResult(upload.path("statusUrl").asText());
        assertThat(result.path("status").asText()).isEqualTo("rejected");
        assertThat(result.path("error").path("reason").asText()).isEqualTo("unsupported");
        assertThat(result.path("error").path("explanation").asText())
                .startsWith("This file is not an image imagepipe can read: its content is text");
        assertThat(result.path("renditions").isMissingNode() || result.path("renditions").isEmpty()).isTrue();
    }

    @Test
    void keysTheApiDidNotIssueAndBadParametersAreRefused() throws Exception {
        assertError(get("/api/images/photos/cat.jpg"), 404, "not_found");
        assertError(get("/api/images/" + okUpload("a.jpg", "image/jpeg", 1).path("key").asText() + "?wait=99"),
                400, "invalid_parameter");
        assertError(get("/api/images?limit=0"), 400, "invalid_parameter");
        assertError(get("/api/images?limit=51"), 400, "invalid_parameter");
        assertError(get("/api/images?prefix=photos/"), 400, "invalid_prefix");
    }

    // ---- GET /api/images ----

    @Test
    void galleryListsTheNewestUploadsFirst() throws Exception {
        String older = uploadAndWait("older.jpg", TestImages.jpeg(300, 200));
        Thread.sleep(1100); // Last-Modified has whole seconds
        String newer = uploadAndWait("newer.jpg", TestImages.jpeg(200, 300));

        JsonNode gallery = json(get("/api/images?limit=50"));
        assertThat(gallery.path("partial").asBoolean()).isFalse();
        java.util.List<String> keys = new java.util.ArrayList<>();
        gallery.path("images").forEach(i -> keys.add(i.path("key").asText()));
        assertThat(keys).contains(older, newer);
        assertThat(keys.indexOf(newer)).isLessThan(keys.indexOf(older));
        JsonNode entry = gallery.path("images").get(keys.indexOf(newer));
        assertThat(entry.path("width").asInt()).isEqualTo(200);
        assertThat(entry.path("thumbnail").path("width").asInt()).isLessThanOrEqualTo(300);
        assertThat(fetch(entry.path("thumbnail").path("url").asText())).isNotEmpty();
        assertThat(json(get("/api/images?limit=1")).path("images")).hasSize(1);
    }

    // ---- errors, methods, the page ----

    @Test
    void wrongMethodsAre405AndUnknownPaths404AsJson() throws Exception {
        HttpResponse<String> delete = http.send(HttpRequest.newBuilder(api("/api/uploads")).DELETE().build(),
                HttpResponse.BodyHandlers.ofString());
        assertError(delete, 405, "method_not_allowed");
        assertThat(delete.headers().firstValue("Allow")).contains("POST");
        assertError(http.send(HttpRequest.newBuilder(api("/api/uploads")).GET().build(), HttpResponse.BodyHandlers.ofString()),
                405, "method_not_allowed");
        HttpResponse<String> put = http.send(HttpRequest.newBuilder(api("/api/images/uploads/a.jpg"))
                .PUT(HttpRequest.BodyPublishers.ofString("x")).build(), HttpResponse.BodyHandlers.ofString());
        assertError(put, 405, "method_not_allowed");
        assertThat(put.headers().firstValue("Allow")).contains("GET");
        assertError(get("/api/nothing"), 404, "not_found");
    }

    @Test
    void thePageIsServedWithAPolicyAllowingOnlyThisServerAndTheLocalS3() throws Exception {
        HttpResponse<String> page = get("/");
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.headers().firstValue("Content-Type")).hasValueSatisfying(v -> assertThat(v).startsWith("text/html"));
        assertThat(page.body()).contains("<script type=\"module\" src=\"app.js\">").doesNotContain("https://");
        String s3 = "http://127.0.0.1:" + local.mode.environment().s3Endpoint().getPort();
        assertThat(page.headers().firstValue("Content-Security-Policy")).hasValueSatisfying(v ->
                assertThat(v).contains("connect-src 'self' " + s3).contains("script-src 'self'"));
        for (String file : new String[] {"/app.js", "/api.js", "/format.js", "/style.css", "/favicon.svg"}) {
            assertThat(get(file).statusCode()).as(file).isEqualTo(200);
        }
    }

    // ---- helpers ----

    private static String uploadAndWait(String name, byte[] image) throws Exception {
        JsonNode upload = okUpload(name, "image/jpeg", image.length);
        assertThat(put(upload, "image/jpeg", image).statusCode()).isEqualTo(200);
        awaitResult(upload.path("statusUrl").asText());
        return upload.path("key").asText();
    }

    static JsonNode awaitResult(String statusUrl) throws Exception {
        JsonNode[] result = new JsonNode[1];
        eventually("the result of " + statusUrl, () -> {
            try {
                HttpResponse<String> r = get(statusUrl + "?wait=5");
                if (r.statusCode() == 200) {
                    result[0] = json(r);
                    return true;
                }
                return false;
            } catch (Exception e) {
                throw new AssertionError(e);
            }
        });
        return result[0];
    }

    private static JsonNode okUpload(String filename, String contentType, long size) throws Exception {
        HttpResponse<String> r = postUpload(body(filename, contentType, size));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return json(r);
    }

    private static String body(String filename, String contentType, long size) throws Exception {
        ObjectNode node = JSON.createObjectNode().put("filename", filename).put("contentType", contentType).put("size", size);
        return JSON.writeValueAsString(node);
    }

    private static HttpResponse<String> postUpload(String body) throws Exception {
        return http.send(HttpRequest.newBuilder(api("/api/uploads")).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<String> put(JsonNode upload, String contentType, byte[] body) throws Exception {
        return put(URI.create(upload.path("url").asText()), contentType, body);
    }

    private static HttpResponse<String> put(URI url, String contentType, byte[] body) throws Exception {
        return http.send(HttpRequest.newBuilder(url).header("Content-Type", contentType)
                .PUT(HttpRequest.BodyPublishers.ofByteArray(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<Void> preflight(URI object, String origin) throws Exception {
        return http.send(HttpRequest.newBuilder(object).method("OPTIONS", HttpRequest.BodyPublishers.noBody())
                .header("Origin", origin).header("Access-Control-Request-Method", "PUT")
                .header("Access-Control-Request-Headers", "content-type").build(), HttpResponse.BodyHandlers.discarding());
    }

    private static byte[] fetch(String url) throws Exception {
        HttpResponse<byte[]> r = http.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofByteArray());
        assertThat(r.statusCode()).as(url).isEqualTo(200);
        return r.body();
    }

    static HttpResponse<String> get(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(api(path)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static URI api(String path) {
        return URI.create("http://127.0.0.1:" + local.mode.service().httpPort() + path);
    }

    private static JsonNode json(HttpResponse<String> r) throws Exception {
        return JSON.readTree(r.body());
    }

    private static void assertError(HttpResponse<String> r, int status, String code) throws Exception {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(status);
        assertThat(r.headers().firstValue("Content-Type")).contains("application/json");
        JsonNode body = json(r);
        assertThat(body.path("error").asText()).as(r.body()).isEqualTo(code);
        assertThat(body.path("message").asText()).isNotBlank();
    }
}

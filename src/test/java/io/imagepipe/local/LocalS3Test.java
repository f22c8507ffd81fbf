package io.imagepipe.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.Bucket;
import software.amazon.awssdk.services.s3.model.S3Exception;

class LocalS3Test {
    private static final String KEY = "id";
    private static final String SECRET = "s3cret";
    private static LocalS3 server;
    private static S3Client s3;

    @BeforeAll
    static void start() {
        server = LocalS3.start(new LocalS3.Options("127.0.0.1", 0, null, KEY, SECRET));
        server.createBucket("photos");
        s3 = TestClients.s3(server.endpoint(), KEY, SECRET);
    }

    @AfterAll
    static void stop() {
        s3.close();
        server.close();
    }

    @Test
    void inMemoryStoreServesObjects() {
        s3.putObject(b -> b.bucket("photos").key("a/b.txt"), RequestBody.fromString("hello"));

        assertThat(s3.getObjectAsBytes(b -> b.bucket("photos").key("a/b.txt")).asUtf8String()).isEqualTo("hello");
        assertThat(server.endpoint()).hasScheme("http").hasHost("127.0.0.1");
        assertThat(server.endpoint().getPort()).isPositive();
    }

    @Test
    void createBucketIsIdempotent() {
        server.createBucket("twice");
        server.createBucket("twice");

        assertThat(s3.listBuckets().buckets()).extracting(Bucket::name).contains("photos", "twice");
    }

    @Test
    void aWrongSecretIsRefused() {
        try (S3Client wrong = TestClients.s3(server.endpoint(), KEY, "not-the-secret")) {
            S3Exception e = catchThrowableOfType(S3Exception.class,
                    () -> wrong.putObject(b -> b.bucket("photos").key("x"), RequestBody.fromString("x")));

            assertThat(e.statusCode()).isEqualTo(403);
            assertThat(e.awsErrorDetails().errorCode()).isEqualTo("SignatureDoesNotMatch");
        }
    }

    @Test
    void unsignedRequestsAreRefused() throws Exception {
        s3.putObject(b -> b.bucket("photos").key("private.txt"), RequestBody.fromString("secret"));
        HttpClient http = HttpClient.newHttpClient();

        HttpResponse<String> get = http.send(
                HttpRequest.newBuilder(server.endpoint().resolve("/photos/private.txt")).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        HttpResponse<String> put = http.send(
                HttpRequest.newBuilder(server.endpoint().resolve("/photos/anonymous.txt"))
                        .PUT(HttpRequest.BodyPublishers.ofString("x")).build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(get.statusCode()).as(get.body()).isEqualTo(403);
        assertThat(put.statusCode()).as(put.body()).isEqualTo(403);
    }

    @Test
    void corsPreflightForABrowserPutIsAllowed() throws Exception {
        URI object = server.endpoint().resolve("/photos/upload.jpg");
        HttpResponse<Void> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(object)
                        .method("OPTIONS", HttpRequest.BodyPublishers.noBody())
                        .header("Origin", "http://localhost:8080")
                        .header("Access-Control-Request-Method", "PUT")
                        .header("Access-Control-Request-Headers", "content-type")
                        .build(),
                HttpResponse.BodyHandlers.discarding());

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Access-Control-Allow-Origin")).isPresent();
        assertThat(response.headers().firstValue("Access-Control-Allow-Methods")).hasValueSatisfying(v ->
                assertThat(v).contains("PUT"));
        assertThat(response.headers().firstValue("Access-Control-Allow-Headers")).hasValueSatisfying(v ->
                assertThat(v.toLowerCase()).contains("content-type"));
    }
}

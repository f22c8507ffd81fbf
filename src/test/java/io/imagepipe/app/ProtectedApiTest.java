package io.imagepipe.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/** The API as a public deployment runs it: a bearer token, CORS for one other origin, a rate limit. */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ProtectedApiTest {
    private static final String TOKEN = "test-token-0123456789abcdef";
    private static final String OTHER_PAGE = "https://photos.example.com";
    private static final int RATE_LIMIT = 30;
    private static final String UPLOAD = "{\"filename\":\"a.jpg\",\"contentType\":\"image/jpeg\",\"size\":10}";
    private static LocalService local;
    private static HttpClient http;

    @BeforeAll
    static void start() {
        local = new LocalService(Map.of("IMAGEPIPE_API_TOKEN", TOKEN, "IMAGEPIPE_API_CORS_ORIGINS", OTHER_PAGE,
                "IMAGEPIPE_API_RATE_LIMIT", Integer.toString(RATE_LIMIT)));
        http = HttpClient.newHttpClient();
    }

    @AfterAll
    static void stop() {
        local.close();
    }

    @Test
    @Order(1)
    void withATokenSetEveryApiCallNeedsIt() throws Exception {
        HttpResponse<String> none = send(post().build());
        assertThat(none.statusCode()).isEqualTo(401);
        assertThat(none.body()).contains("\"error\":\"unauthorized\"").contains("Authorization: Bearer");
        assertThat(none.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(v -> assertThat(v).startsWith("Bearer"));
        assertThat(send(post().header("Authorization", "Bearer wrong-token-0123456789abc").build()).statusCode()).isEqualTo(401);
        assertThat(send(post().header("Authorization", TOKEN).build()).statusCode()).as("the scheme is required").isEqualTo(401);
        assertThat(send(get("/api/images").build()).statusCode()).isEqualTo(401);
        assertThat(send(get("/api/images/uploads/x/y.jpg").build()).statusCode()).isEqualTo(401);

        HttpResponse<String> ok = send(post().header("Authorization", "Bearer " + TOKEN).build());
        assertThat(ok.statusCode()).as(ok.body()).isEqualTo(200);
        assertThat(send(get("/api/images").header("Authorization", "Bearer " + TOKEN).build()).statusCode()).isEqualTo(200);
    }

    @Test
    @Order(2)
    void thePageAndHealthStayOpen() throws Exception {
        assertThat(send(get("/").build()).statusCode()).isEqualTo(200);
        assertThat(send(get("/health/live").build()).statusCode()).isEqualTo(200);
    }

    @Test
    @Order(3)
    void corsAnswersTheConfiguredOriginOnly() throws Exception {
        HttpResponse<String> allowed = send(preflight(OTHER_PAGE));
        assertThat(allowed.statusCode()).isBetween(200, 204);
        assertThat(allowed.headers().firstValue("Access-Control-Allow-Origin")).contains(OTHER_PAGE);
        assertThat(allowed.headers().firstValue("Access-Control-Allow-Headers")).hasValueSatisfying(v ->
                assertThat(v.toLowerCase()).contains("authorization").contains("content-type"));
        HttpResponse<String> refused = send(preflight("https://evil.example"));
        assertThat(refused.statusCode()).isEqualTo(403);
        assertThat(refused.headers().firstValue("Access-Control-Allow-Origin")).isEmpty();
        // and the local S3 accepts signed uploads from that page too
        HttpResponse<String> s3 = send(HttpRequest.newBuilder(local.mode.environment().s3Endpoint().resolve("/uploads/uploads/a.jpg"))
                .method("OPTIONS", HttpRequest.BodyPublishers.noBody()).header("Origin", OTHER_PAGE)
                .header("Access-Control-Request-Method", "PUT").build());
        assertThat(s3.statusCode()).isEqualTo(200);
    }

    @Test
    @Order(4)
    void aClientOverTheRateLimitGets429WithRetryAfter() throws Exception {
        HttpResponse<String> last = null;
        int accepted = 0;
        for (int i = 0; i < RATE_LIMIT + 5; i++) {
            last = send(get("/api/images?limit=1").header("Authorization", "Bearer " + TOKEN).build());
            if (last.statusCode() == 200) {
                accepted++;
            } else {
                break;
            }
        }
        assertThat(accepted).as("requests accepted before the limit").isBetween(1, RATE_LIMIT);
        assertThat(last.statusCode()).isEqualTo(429);
        assertThat(last.body()).contains("\"error\":\"rate_limited\"");
        assertThat(last.headers().firstValue("Retry-After")).hasValueSatisfying(v ->
                assertThat(Integer.parseInt(v)).isBetween(1, 60));
        // unauthenticated guessing counts too, and the page itself is not limited
        assertThat(send(post().header("Authorization", "Bearer guess-0123456789abcdef").build()).statusCode()).isEqualTo(429);
        assertThat(send(get("/").build()).statusCode()).isEqualTo(200);
    }

    private static HttpRequest.Builder post() {
        return HttpRequest.newBuilder(uri("/api/uploads")).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(UPLOAD));
    }

    private static HttpRequest.Builder get(String path) {
        return HttpRequest.newBuilder(uri(path));
    }

    private static HttpRequest preflight(String origin) {
        return HttpRequest.newBuilder(uri("/api/uploads")).method("OPTIONS", HttpRequest.BodyPublishers.noBody())
                .header("Origin", origin).header("Access-Control-Request-Method", "POST")
                .header("Access-Control-Request-Headers", "authorization, content-type").build();
    }

    private static HttpResponse<String> send(HttpRequest request) throws Exception {
        return http.send(request, HttpResponse.BodyHandlers.ofString());
    }

    private static URI uri(String path) {
        return URI.create("http://127.0.0.1:" + local.mode.service().httpPort() + path);
    }
}

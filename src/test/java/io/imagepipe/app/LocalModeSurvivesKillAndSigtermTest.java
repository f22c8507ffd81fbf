package io.imagepipe.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.imagepipe.config.Config;
import io.imagepipe.config.ConfigLoader;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;

/**
 * Fault cases 2 and 5: local mode in a child JVM (this test's classpath, its own data folder) is killed
 * with SIGKILL while a burst is processed, and later stopped with SIGTERM during a burst; after each
 * restart every upload ends with the renditions and manifest of its current object.
 */
class LocalModeSurvivesKillAndSigtermTest {
    private static final int BURST = 24;
    private static final Duration GRACE = Duration.ofSeconds(10);

    private final Map<String, String> eTags = new HashMap<>();
    private final Config layout = new ConfigLoader(Map.of("IMAGEPIPE_QUEUE_URL", "unused"), Map.of()).load();

    @Test
    @Timeout(value = 15, unit = TimeUnit.MINUTES)
    void everyUploadEndsWithItsRenditionsAfterKillNineAndSigterm(@TempDir Path dir) throws Exception {
        int s3Port = freePort();
        int sqsPort = freePort();
        int httpPort = freePort();
        Process service = start(dir, s3Port, sqsPort, httpPort);
        try (S3Client s3 = S3Client.builder().endpointOverride(URI.create("http://127.0.0.1:" + s3Port))
                .region(Region.US_EAST_1).forcePathStyle(true).credentialsProvider(StaticCredentialsProvider.create(
                        AwsBasicCredentials.create("imagepipe", "imagepipe-local-secret"))).build()) {
            upload(s3, "killed/", BURST);
            service.destroyForcibly(); // SIGKILL: no hook runs, messages in flight stay hidden until their timeout
            service.waitFor();
            service = start(dir, s3Port, sqsPort, httpPort);

            upload(s3, "stopped/", BURST);
            long stopping = System.nanoTime();
            service.destroy(); // SIGTERM
            assertThat(service.waitFor(GRACE.toSeconds() + 20, TimeUnit.SECONDS))
                    .as("exits within the %s s grace (plus closing the servers)", GRACE.toSeconds()).isTrue();
            long stopMs = (System.nanoTime() - stopping) / 1_000_000;
            service = start(dir, s3Port, sqsPort, httpPort);

            awaitAllCurrent(s3, Duration.ofMinutes(6));
            assertThat(stopMs).isLessThan(GRACE.toMillis() + 20_000);
        } finally {
            service.destroy();
            service.waitFor(60, TimeUnit.SECONDS);
            service.destroyForcibly();
        }
    }

    private void upload(S3Client s3, String prefix, int count) {
        for (int i = 0; i < count; i++) {
            String key = prefix + "image " + i + ".jpg";
            byte[] bytes = TestImages.noisePng(200 + i, 150, i);
            s3.putObject(b -> b.bucket("uploads").key(key), RequestBody.fromBytes(bytes));
            eTags.put(key, s3.headObject(b -> b.bucket("uploads").key(key)).eTag().replace("\"", ""));
        }
    }

    /** Every upload has a processed manifest of its ETag whose renditions all exist. */
    private void awaitAllCurrent(S3Client s3, Duration limit) throws Exception {
        ObjectMapper json = new ObjectMapper();
        long deadline = System.nanoTime() + limit.toNanos();
        Map<String, String> missing = new HashMap<>(eTags);
        while (!missing.isEmpty()) {
            for (var it = missing.entrySet().iterator(); it.hasNext(); ) {
                var e = it.next();
                try {
                    JsonNode m = json.readTree(s3.getObjectAsBytes(b -> b.bucket("renditions")
                            .key(layout.manifestKey(e.getKey()))).asByteArray());
                    if ("processed".equals(m.path("status").asText()) && e.getValue().equals(m.at("/source/eTag").asText())) {
                        for (JsonNode r : m.path("renditions")) {
                            s3.headObject(b -> b.bucket("renditions").key(r.path("key").asText()));
                        }
                        it.remove();
                    }
                } catch (NoSuchKeyException notYet) {
                    // keep waiting
                } catch (software.amazon.awssdk.services.s3.model.S3Exception notYet) {
                    if (notYet.statusCode() != 404) {
                        throw notYet;
                    }
                }
            }
            assertThat(System.nanoTime() < deadline).as("still without current outputs: %s", missing.keySet()).isTrue();
            Thread.sleep(500);
        }
    }

    private static Process start(Path dir, int s3Port, int sqsPort, int httpPort) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx512m", "-cp", System.getProperty("java.class.path"), "io.imagepipe.Main", "local",
                "--data", dir.resolve("data").toString(), "--s3-port", Integer.toString(s3Port),
                "--sqs-port", Integer.toString(sqsPort), "--http-port", Integer.toString(httpPort));
        pb.environment().put("IMAGEPIPE_WORKERS", "2");
        pb.environment().put("IMAGEPIPE_SHUTDOWN_GRACE_SECONDS", Long.toString(GRACE.toSeconds()));
        pb.redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("service.log").toFile()));
        Process p = pb.start();
        HttpClient http = HttpClient.newHttpClient();
        long deadline = System.nanoTime() + Duration.ofMinutes(4).toNanos();
        while (true) {
            assertThat(p.isAlive()).as("local mode exited; see %s", dir.resolve("service.log")).isTrue();
            try {
                if (http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort + "/health/ready"))
                        .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return p;
                }
            } catch (IOException notListening) {
                // starting
            }
            assertThat(System.nanoTime() < deadline).as("local mode ready within 4 minutes").isTrue();
            Thread.sleep(500);
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}

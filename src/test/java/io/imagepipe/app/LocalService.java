package io.imagepipe.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.imagepipe.local.LocalEnvironment;
import io.micrometer.core.instrument.Counter;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.function.BooleanSupplier;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * Local mode as the tests run it: real s3proxy and ElasticMQ on free ports, the real service,
 * plain SDK clients for the test to act as a user, and a watch on Vert.x's blocked-thread checker
 * so any test that blocks an event loop fails.
 */
final class LocalService implements AutoCloseable {
    final LocalMode mode;
    final S3Client s3;
    final SqsClient sqs;
    private final BlockedThreadWatch blockedThreads;

    LocalService(Map<String, String> env) {
        Map<String, String> all = new HashMap<>(Map.of("IMAGEPIPE_HTTP_PORT", "0", "IMAGEPIPE_WORKERS", "2",
                "IMAGEPIPE_LOG_FORMAT", "text"));
        all.putAll(env);
        mode = LocalMode.start(all, LocalEnvironment.Options.ephemeral(), BlockedThreadWatch.strictOptions());
        // Watched from the end of start-up: its one-off class loading is not a runtime stall.
        blockedThreads = new BlockedThreadWatch();
        var credentials = StaticCredentialsProvider.create(AwsBasicCredentials.create(
                mode.environment().accessKey(), mode.environment().secretKey()));
        s3 = S3Client.builder().endpointOverride(mode.environment().s3Endpoint()).region(Region.US_EAST_1)
                .forcePathStyle(true).credentialsProvider(credentials).build();
        sqs = SqsClient.builder().endpointOverride(mode.environment().sqsEndpoint()).region(Region.US_EAST_1)
                .credentialsProvider(credentials).build();
    }

    String queueUrl() {
        return mode.environment().queueUrl();
    }

    String dlqUrl() {
        return mode.environment().dlqUrl();
    }

    double outcomes(String label) {
        Counter c = mode.service().registry().find("imagepipe.messages").tag("outcome", label).counter();
        return c == null ? 0 : c.count();
    }

    static void eventually(String what, BooleanSupplier condition) {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out after 60 s waiting until " + what);
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }

    @Override
    public void close() {
        blockedThreads.close();
        s3.close();
        sqs.close();
        mode.close();
        assertThat(blockedThreads.warnings()).as("Vert.x blocked-thread warnings").isEmpty();
    }
}

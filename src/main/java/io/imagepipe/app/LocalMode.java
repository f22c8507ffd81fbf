package io.imagepipe.app;

import io.imagepipe.config.Config;
import io.imagepipe.config.ConfigLoader;
import io.imagepipe.local.LocalEnvironment;
import io.imagepipe.local.LocalS3;
import io.vertx.core.VertxOptions;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The embedded default: real S3 and SQS servers in this JVM, wired like AWS (uploads notify the
 * queue), and the very same service pointed at them. The tests start it too.
 */
public final class LocalMode implements AutoCloseable {
    /** Longest the start-up backfill waits for the restored queue to drain: messages hidden by a crash come back after the visibility timeout. */
    private static final java.time.Duration MAX_DRAIN_WAIT = java.time.Duration.ofSeconds(120);

    private final LocalEnvironment environment;
    private final ImagepipeService service;
    private final StartupBackfill backfill;

    private LocalMode(LocalEnvironment environment, ImagepipeService service, StartupBackfill backfill) {
        this.environment = environment;
        this.service = service;
        this.backfill = backfill;
    }

    /**
     * @param env       IMAGEPIPE_* variables; they win over local mode's defaults
     * @param servers   where the S3/SQS servers listen and keep their data
     * @param vertx     Vert.x options (tests tighten the blocked-thread checker)
     */
    public static LocalMode start(Map<String, String> givenEnv, LocalEnvironment.Options servers, VertxOptions vertx) {
        Map<String, String> env = new HashMap<>(givenEnv);
        int httpPort = httpPort(env);
        env.put(ConfigLoader.PREFIX + "HTTP_PORT", Integer.toString(httpPort));
        List<String> origins = new ArrayList<>(LocalS3.pageOrigins(httpPort));
        origins.addAll(list(env, "API_CORS_ORIGINS", ""));
        servers = servers.withCorsOrigins(origins);
        List<String> sources = list(env, "SOURCE_BUCKETS", "uploads");
        String output = env.getOrDefault(ConfigLoader.PREFIX + "OUTPUT_BUCKET", "renditions").strip();
        List<String> others = sources.contains(output) ? List.of() : List.of(output);
        LocalEnvironment environment = LocalEnvironment.start(servers.withBuckets(sources, others));
        try {
            Config config = new ConfigLoader(env, localDefaults(environment)).load();
            ImagepipeService service = ImagepipeService.start(config, environment.credentialsProvider(), vertx);
            StartupBackfill backfill = null;
            if (servers.dataDir() != null) { // in memory, the buckets start empty: nothing to catch up
                backfill = new StartupBackfill(config, environment.credentialsProvider(), MAX_DRAIN_WAIT);
                backfill.start();
            }
            return new LocalMode(environment, service, backfill);
        } catch (RuntimeException e) {
            environment.close();
            throw e;
        }
    }

    private static List<String> list(Map<String, String> env, String name, String fallback) {
        return Arrays.stream(env.getOrDefault(ConfigLoader.PREFIX + name, fallback).split(","))
                .map(String::strip).filter(s -> !s.isEmpty()).toList();
    }

    /**
     * The page's port must be known before S3 starts, since S3 answers CORS for the page's origin only.
     * Port 0 (tests) is resolved here to a port that is free now; the HTTP server binds it moments later.
     */
    private static int httpPort(Map<String, String> env) {
        String value = env.getOrDefault(ConfigLoader.PREFIX + "HTTP_PORT", "8080").strip();
        if (!value.equals("0")) {
            try {
                return Integer.parseInt(value);
            } catch (NumberFormatException e) {
                return 8080; // ConfigLoader reports the bad value
            }
        }
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return probe.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("no free port for the HTTP server", e);
        }
    }

    private static Map<String, String> localDefaults(LocalEnvironment environment) {
        Map<String, String> d = new HashMap<>();
        d.put(ConfigLoader.PREFIX + "QUEUE_URL", environment.queueUrl());
        d.put(ConfigLoader.PREFIX + "DLQ_URL", environment.dlqUrl());
        d.put(ConfigLoader.PREFIX + "S3_ENDPOINT", environment.s3Endpoint().toString());
        d.put(ConfigLoader.PREFIX + "SQS_ENDPOINT", environment.sqsEndpoint().toString());
        d.put(ConfigLoader.PREFIX + "S3_PATH_STYLE", "true");
        d.put(ConfigLoader.PREFIX + "REGION", environment.region());
        d.put(ConfigLoader.PREFIX + "HTTP_HOST", "127.0.0.1");
        d.put(ConfigLoader.PREFIX + "LOG_FORMAT", "text");
        d.put(ConfigLoader.PREFIX + "SHUTDOWN_GRACE_SECONDS", "10");
        return d;
    }

    public LocalEnvironment environment() {
        return environment;
    }

    public ImagepipeService service() {
        return service;
    }

    /** What the start-up backfill found and sent; null while it runs, or in memory where it does not run. */
    public io.imagepipe.cli.Backfill.Totals startupBackfill() {
        return backfill == null ? null : backfill.totals();
    }

    @Override
    public void close() {
        if (backfill != null) {
            backfill.close();
        }
        service.close();
        environment.close();
    }
}

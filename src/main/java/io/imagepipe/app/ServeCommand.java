package io.imagepipe.app;

import io.imagepipe.config.Config;
import io.imagepipe.config.ConfigException;
import io.imagepipe.config.ConfigLoader;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;

/**
 * {@code imagepipe serve}: the service against AWS (default credential chain, so IRSA on EKS
 * works) or any S3/SQS-compatible endpoints given by configuration. Runs until SIGTERM, then drains.
 */
public final class ServeCommand {

    public int run(List<String> args) {
        if (!args.isEmpty()) {
            System.err.println("imagepipe serve takes no arguments; it is configured by IMAGEPIPE_* variables"
                    + " (see README), got " + args);
            return 2;
        }
        Config config;
        try {
            config = new ConfigLoader(System.getenv(), Map.of()).load();
        } catch (ConfigException e) {
            System.err.println("imagepipe: " + e.getMessage());
            return 2;
        }
        ImagepipeService service = ImagepipeService.start(config, DefaultCredentialsProvider.builder().build());
        awaitShutdown(service);
        return 0;
    }

    /** Blocks the main thread until the JVM is asked to stop; the hook drains the service first. */
    static void awaitShutdown(AutoCloseable... resources) {
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            for (AutoCloseable r : resources) {
                try {
                    r.close();
                } catch (Exception e) {
                    System.err.println("imagepipe: closing " + r + " failed: " + e);
                }
            }
            stopped.countDown();
        }, "imagepipe-shutdown"));
        try {
            stopped.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}

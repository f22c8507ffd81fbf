package io.imagepipe.app;

import io.imagepipe.config.Config;
import io.imagepipe.core.ImageProcessor;
import io.imagepipe.http.HttpServerVerticle;
import io.imagepipe.http.ImageApi;
import io.imagepipe.http.LivenessCheck;
import io.imagepipe.http.ReadinessCheck;
import io.imagepipe.http.WebPage;
import io.imagepipe.pipeline.ImagePipeline;
import io.imagepipe.pipeline.ManifestStore;
import io.imagepipe.pipeline.PipelineMetrics;
import io.imagepipe.pipeline.PixelBudget;
import io.imagepipe.pipeline.WorkerPool;
import io.imagepipe.queue.SqsConsumer;
import io.imagepipe.storage.ObjectStore;
import io.imagepipe.storage.UrlSigner;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.micrometer.MicrometerMetricsFactory;
import io.vertx.micrometer.MicrometerMetricsOptions;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;

/**
 * The running service: Vert.x for HTTP, the SQS consumer feeding the pipeline, the worker pool,
 * and the metrics registry they all report to. {@link #close()} drains in-flight messages first.
 */
public final class ImagepipeService implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(ImagepipeService.class);

    private final Config config;
    private final PrometheusMeterRegistry registry;
    private final AwsClients clients;
    private final WorkerPool workers;
    private final SqsConsumer consumer;
    private final ImagePipeline pipeline;
    private final Vertx vertx;
    private final HttpServerVerticle http;
    private final java.util.concurrent.atomic.AtomicBoolean closed = new java.util.concurrent.atomic.AtomicBoolean();

    private ImagepipeService(Config config, AwsCredentialsProvider credentials, VertxOptions vertxOptions) {
        this.config = config;
        registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        clients = new AwsClients(config, credentials);
        // Never more than this can wait: every in-flight message runs at most RECORDS_AT_ONCE sources.
        workers = new WorkerPool(config.workers(), config.maxInflight() * ImagePipeline.RECORDS_AT_ONCE);
        PipelineMetrics metrics = new PipelineMetrics(registry);
        ObjectStore store = new ObjectStore(clients.s3());
        ImageProcessor processor = new ImageProcessor(config.limits());
        log.info("JPEG codec: {}", processor.jpegCodec());
        Gauge.builder("imagepipe.jpeg.decoder.info", () -> 1)
                .description("Which library decodes JPEG (label path: turbojpeg or imageio); always 1")
                .tag("path", processor.jpegCodec().path().id())
                .register(registry);
        pipeline = new ImagePipeline(config, store, processor, workers,
                new PixelBudget(config.pixelBudget()), metrics);
        consumer = new SqsConsumer(clients.sqs(), config, pipeline, metrics);
        vertx = Vertx.builder()
                .with(vertxOptions.setMetricsOptions(new MicrometerMetricsOptions().setEnabled(true)
                        .setJvmMetricsEnabled(true)))
                .withMetrics(new MicrometerMetricsFactory(registry))
                .build();
        List<ReadinessCheck> checks = List.of(
                check("s3", () -> store.checkBucket(config.outputBucket())),
                check("sqs", () -> clients.sqs().getQueueAttributes(b -> b.queueUrl(config.queueUrl()))),
                check("consumer", () -> consumer.healthy() ? CompletableFuture.completedFuture(null)
                        : CompletableFuture.failedFuture(new IllegalStateException("the SQS consumer is not receiving"))));
        // A long poll lasts 20 s and failed receives back off up to 30 s: 90 s without either is a dead consumer.
        List<LivenessCheck> liveness = List.of(new LivenessCheck("consumer",
                () -> consumer.receiving(java.time.Duration.ofSeconds(90)),
                "the SQS consumer has free credits but has not received for 90 s"));
        UrlSigner signer = new UrlSigner(clients.presigner());
        List<String> buckets = new java.util.ArrayList<>(config.sourceBuckets());
        buckets.add(config.outputBucket());
        http = new HttpServerVerticle(config.httpHost(), config.httpPort(), registry, checks, liveness,
                new ImageApi(config, signer, new ManifestStore(config, store)), new WebPage(signer.origins(buckets)));
    }

    /** Starts HTTP first (so probes answer while starting), then the consumer. */
    public static ImagepipeService start(Config config, AwsCredentialsProvider credentials) {
        return start(config, credentials, new VertxOptions());
    }

    public static ImagepipeService start(Config config, AwsCredentialsProvider credentials, VertxOptions options) {
        io.imagepipe.config.MemoryFit.check(config, Runtime.getRuntime().maxMemory()).ifPresent(log::warn);
        ImagepipeService service = new ImagepipeService(config, credentials, options);
        try {
            service.vertx.deployVerticle(service.http).await(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            service.close();
            throw new IllegalStateException("HTTP server did not start on " + config.httpHost() + ":"
                    + config.httpPort() + ": " + e.getMessage(), e);
        }
        service.warmUp();
        service.consumer.start();
        return service;
    }

    /**
     * Sends the API, the page and the readiness probe one request of each kind from this thread. Their first run loads a few
     * thousand classes (the SDK's request pipeline, the presigner, Vert.x Web's body and static file
     * handling), which took 200-700 ms on a busy machine: paid here, at start, instead of on the event
     * loop of a user's request.
     */
    private void warmUp() {
        String host = config.httpHost();
        host = host.equals("0.0.0.0") || host.equals("::") ? "127.0.0.1" : host.contains(":") ? "[" + host + "]" : host;
        String base = "http://" + host + ":" + httpPort();
        // HTTP/1.1 as browsers speak it to http:// (java.net.http would upgrade to h2c: another code path)
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5)).build();
        String unknownKey = config.api().uploadPrefix() + UUID.randomUUID() + "/warm-up.jpg";
        String upload = "{\"filename\":\"warm-up.jpg\",\"contentType\":\""
                + config.api().uploadContentTypes().iterator().next() + "\",\"size\":1}";
        List<HttpRequest.Builder> requests = List.of(
                HttpRequest.newBuilder(URI.create(base + "/api/uploads")).header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(upload)),
                HttpRequest.newBuilder(URI.create(base + "/api/images/" + unknownKey)),
                HttpRequest.newBuilder(URI.create(base + "/api/images?limit=1")),
                HttpRequest.newBuilder(URI.create(base + "/")),
                HttpRequest.newBuilder(URI.create(base + "/health/ready")),
                HttpRequest.newBuilder(URI.create(base + "/app.js")));
        for (HttpRequest.Builder request : requests) {
            config.api().token().ifPresent(t -> request.header("Authorization", "Bearer " + t));
            try {
                client.send(request.timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.discarding());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (Exception e) {
                log.debug("API warm-up request failed: {}", e.toString());
            }
        }
    }

    public int httpPort() {
        return http.actualPort();
    }

    public PrometheusMeterRegistry registry() {
        return registry;
    }

    public Config config() {
        return config;
    }

    public String configHash() {
        return pipeline.configHash();
    }

    public Vertx vertx() {
        return vertx;
    }

    /** Messages received and not yet finished. */
    public int inFlight() {
        return consumer.inFlight();
    }

    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        log.info("stopping: draining messages in flight (grace {} s)", config.shutdownGrace().toSeconds());
        consumer.close();
        workers.close();
        try {
            vertx.close().await(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            log.warn("closing Vert.x: {}", e.toString());
        }
        clients.close();
        log.info("stopped");
    }

    private static ReadinessCheck check(String name, java.util.function.Supplier<java.util.concurrent.CompletionStage<?>> probe) {
        return new ReadinessCheck() {
            public String name() {
                return name;
            }

            public java.util.concurrent.CompletionStage<?> check() {
                return probe.get();
            }
        };
    }
}

package io.imagepipe.lambda;

import io.imagepipe.config.Config;
import io.imagepipe.config.ConfigLoader;
import io.imagepipe.core.ImageProcessor;
import io.imagepipe.pipeline.ImagePipeline;
import io.imagepipe.pipeline.PipelineMetrics;
import io.imagepipe.pipeline.PixelBudget;
import io.imagepipe.pipeline.RetryBackoff;
import io.imagepipe.pipeline.WorkerPool;
import io.imagepipe.queue.DeadLetters;
import java.io.PrintStream;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;

/**
 * Everything one Lambda execution environment keeps between invocations: the configuration, the
 * worker pool and pixel budget sized from the function's memory, the S3/SQS clients, the pipeline
 * and the EMF metrics. Built once, in the handler's constructor (the init phase, before a
 * SnapStart snapshot); after a restore the clients and the pipeline over them are built anew.
 */
public final class FunctionEnvironment implements AutoCloseable {
    /** Lambda's SQS handler learns each queue from its records' ARN; the service's queue setting does not apply. */
    static final String NO_QUEUE = "(the Lambda event source mapping)";

    private final Logger log;
    private final Config config;
    private final FunctionMemory memory;
    private final AwsCredentialsProvider credentials;
    private final EmfMeterRegistry registry;
    private final PipelineMetrics metrics;
    private final WorkerPool workers;
    private final PixelBudget budget;
    private final ImageProcessor processor;
    private final RetryBackoff backoff;
    private final PrintStream metricsOut;
    private final Map<String, SourceQueue> queues = new ConcurrentHashMap<>();
    private final Priming priming;
    private volatile Wiring wiring;

    /** The clients and what is built on them: replaced as a whole after a SnapStart restore. */
    record Wiring(LambdaClients clients, ImagePipeline pipeline, DeadLetters deadLetters) {
    }

    private FunctionEnvironment(Map<String, String> env, AwsCredentialsProvider credentials, PrintStream metricsOut) {
        LambdaLogging.configure(env);
        log = LoggerFactory.getLogger(FunctionEnvironment.class);
        memory = FunctionMemory.of(env);
        Map<String, String> defaults = new HashMap<>(memory.configDefaults());
        defaults.put(ConfigLoader.PREFIX + "QUEUE_URL", NO_QUEUE);
        config = new ConfigLoader(env, defaults).load();
        this.credentials = credentials;
        this.metricsOut = metricsOut;
        registry = new EmfMeterRegistry(env.getOrDefault(ConfigLoader.PREFIX + "METRICS_NAMESPACE", "imagepipe"));
        metrics = new PipelineMetrics(registry);
        workers = new WorkerPool(config.workers());
        budget = new PixelBudget(config.pixelBudget());
        processor = new ImageProcessor(config.limits());
        backoff = new RetryBackoff(config.maxRetryDelay());
        wiring = wire();
        priming = new Priming(this, PrimeWhen.parse(env.getOrDefault(ConfigLoader.PREFIX + "PRIME", "snapshot")));
        log.atInfo().addKeyValue("memoryMb", memory.megabytes()).addKeyValue("workers", config.workers())
                .addKeyValue("pixelBudget", config.pixelBudget())
                .addKeyValue("jpegCodec", processor.jpegCodec().path().id())
                .log("execution environment ready: {} MB, {} workers, {} MB of decoded pixels at once, JPEG codec: {}",
                        memory.megabytes(), config.workers(), memory.budgetMegabytes(), processor.jpegCodec());
    }

    /** As the Lambda runtime starts it: the process environment and the default credential chain. */
    public static FunctionEnvironment fromSystem() {
        LambdaLogging.configure(System.getenv()); // before the credential chain's classes make the first logger
        return create(System.getenv(), DefaultCredentialsProvider.builder().build(), System.out);
    }

    /**
     * @param env         {@code IMAGEPIPE_*} and Lambda's own variables
     * @param metricsOut  where the EMF lines go (stdout on Lambda)
     */
    public static FunctionEnvironment create(Map<String, String> env, AwsCredentialsProvider credentials,
                                             PrintStream metricsOut) {
        return new FunctionEnvironment(env, credentials, metricsOut);
    }

    private Wiring wire() {
        LambdaClients clients = new LambdaClients(config, credentials);
        ImagePipeline pipeline = new ImagePipeline(config, new io.imagepipe.storage.ObjectStore(clients.s3()),
                processor, workers, budget, metrics);
        return new Wiring(clients, pipeline, new DeadLetters(clients.sqs()));
    }

    /** After a SnapStart restore: connections from before the snapshot are stale, and so is the SDK's randomness. */
    void rewire() {
        Wiring old = wiring;
        wiring = wire();
        // Closing a Netty client takes about 2 s; the restored invocation must not wait for it.
        Thread closer = new Thread(old.clients()::close, "imagepipe-close-stale-clients");
        closer.setDaemon(true);
        closer.start();
    }

    Wiring wiring() {
        return wiring;
    }

    ImagePipeline pipeline() {
        return wiring.pipeline();
    }

    /** The queue a record came from, looked up on its first record and remembered. */
    SourceQueue queue(String arn) throws Exception {
        SourceQueue known = queues.get(arn);
        if (known == null) {
            known = SourceQueue.lookUp(wiring.clients().sqs(), arn, config.dlqUrl());
            queues.put(arn, known);
            log.info("records from {} come from {}; maxReceiveCount {}, dead-lettered with reasons to {}", arn,
                    known.url(), known.maxReceiveCount(), known.dlqUrl().orElse("(none: left to the redrive policy)"));
        }
        return known;
    }

    /** Writes the EMF lines of the invocation that just ended. */
    void flushMetrics() {
        for (String line : registry.drain(System.currentTimeMillis())) {
            metricsOut.println(line);
        }
        metricsOut.flush();
    }

    public Config config() {
        return config;
    }

    public FunctionMemory memory() {
        return memory;
    }

    ImageProcessor processor() {
        return processor;
    }

    RetryBackoff backoff() {
        return backoff;
    }

    PipelineMetrics metrics() {
        return metrics;
    }

    /** The SnapStart hooks, also callable directly (the benchmark primes a JVM that cannot checkpoint). */
    public Priming priming() {
        return priming;
    }

    @Override
    public void close() {
        workers.close();
        wiring.clients().close();
    }

    /** When the core is primed: before a SnapStart snapshot only, at every init, or never. */
    enum PrimeWhen {
        SNAPSHOT, INIT, OFF;

        static PrimeWhen parse(String value) {
            try {
                return valueOf(value.strip().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new io.imagepipe.config.ConfigException(java.util.List.of(ConfigLoader.PREFIX + "PRIME='"
                        + value + "' must be snapshot (before a SnapStart snapshot), init (at every cold start) or off"));
            }
        }
    }
}

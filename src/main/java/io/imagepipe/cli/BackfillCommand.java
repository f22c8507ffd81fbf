package io.imagepipe.cli;

import io.imagepipe.config.Config;
import io.imagepipe.config.ConfigException;
import io.imagepipe.config.ConfigLoader;
import io.imagepipe.core.ImageProcessor;
import io.imagepipe.pipeline.ImagePipeline;
import io.imagepipe.pipeline.PipelineMetrics;
import io.imagepipe.pipeline.PixelBudget;
import io.imagepipe.pipeline.WorkerPool;
import io.imagepipe.storage.ObjectStore;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;

/**
 * {@code imagepipe backfill [--prefix P] [--bucket B]... [--prune] [--dry-run] [--include-rejected]
 * [--rate N] [--concurrency N] [--in-process]}: brings every source's outputs up to date, configured by
 * the service's own {@code IMAGEPIPE_*} variables. Prints progress to stderr and a summary line at the end.
 */
public final class BackfillCommand {
    static final String USAGE = "usage: imagepipe backfill [--prefix P] [--bucket B]... [--prune] [--dry-run]"
            + " [--include-rejected] [--rate PER_SECOND] [--concurrency N] [--in-process]";

    private final PrintStream out;
    private final PrintStream err;

    public BackfillCommand(PrintStream out, PrintStream err) {
        this.out = out;
        this.err = err;
    }

    /** @return 0 when everything checked and sent, 1 when some object failed, 2 for a usage or configuration error */
    public int run(List<String> args, Map<String, String> env, AwsCredentialsProvider credentials) {
        Backfill.Options options = Backfill.Options.defaults();
        List<String> buckets = new ArrayList<>();
        String prefix = "";
        boolean prune = false;
        boolean dryRun = false;
        boolean includeRejected = false;
        boolean inProcess = false;
        int rate = 200;
        int concurrency = options.concurrency();
        try {
            for (int i = 0; i < args.size(); i++) {
                String a = args.get(i);
                switch (a) {
                    case "--prefix" -> prefix = Arguments.value(args, ++i, a);
                    case "--bucket" -> buckets.add(Arguments.value(args, ++i, a));
                    case "--prune" -> prune = true;
                    case "--dry-run" -> dryRun = true;
                    case "--include-rejected" -> includeRejected = true;
                    case "--in-process" -> inProcess = true;
                    case "--rate" -> rate = Arguments.integer(args, ++i, a, 1, 100_000);
                    case "--concurrency" -> concurrency = Arguments.integer(args, ++i, a, 1, 1024);
                    default -> throw new IllegalArgumentException("unknown option " + a);
                }
            }
        } catch (IllegalArgumentException e) {
            err.println("imagepipe backfill: " + e.getMessage());
            err.println(USAGE);
            return 2;
        }
        Map<String, String> defaults = new HashMap<>();
        if (inProcess || dryRun) {
            defaults.put(ConfigLoader.PREFIX + "QUEUE_URL", "unused-by-backfill-" + (inProcess ? "in-process" : "dry-run"));
        }
        Config config;
        try {
            config = new ConfigLoader(env, defaults).load();
        } catch (ConfigException e) {
            err.println("imagepipe backfill: " + e.getMessage());
            return 2;
        }
        for (String b : buckets) {
            if (!config.sourceBuckets().contains(b)) {
                err.println("imagepipe backfill: --bucket " + b + " is not one of IMAGEPIPE_SOURCE_BUCKETS "
                        + config.sourceBuckets());
                return 2;
            }
        }
        options = new Backfill.Options(buckets, prefix, prune, dryRun, includeRejected, rate, concurrency);
        try (CommandClients clients = new CommandClients(config, credentials, concurrency * 2 + 8);
             WorkerPool workers = inProcess ? new WorkerPool(config.workers()) : null) {
            EventSink sink = inProcess
                    ? new PipelineSink(new ImagePipeline(config, new ObjectStore(clients.s3()),
                            new ImageProcessor(config.limits()), workers, new PixelBudget(config.pixelBudget()),
                            new PipelineMetrics(new SimpleMeterRegistry())))
                    : new QueueSink(clients.sqs(), config.queueUrl());
            Backfill.Totals totals = new Backfill(config, clients.s3(), sink, options, out).run(err::println);
            return totals.failed() > 0 ? 1 : 0;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            err.println("imagepipe backfill: interrupted");
            return 1;
        } catch (RuntimeException e) {
            err.println("imagepipe backfill: " + Printable.of(String.valueOf(ObjectStore.unwrap(e))));
            return 1;
        }
    }
}

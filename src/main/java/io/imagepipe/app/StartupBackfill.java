package io.imagepipe.app;

import io.imagepipe.cli.Backfill;
import io.imagepipe.cli.CommandClients;
import io.imagepipe.cli.QueueSink;
import io.imagepipe.config.Config;
import java.io.OutputStream;
import java.io.PrintStream;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * Local mode's catch-up at start: once the restored queue has drained (so messages that survived the
 * stop are not sent twice), walks its own source buckets and enqueues every upload whose outputs are
 * not current, and removes outputs whose source is gone. That covers whatever the queue could not keep:
 * uploads made while the service was down, or a notification lost in a crash.
 */
final class StartupBackfill implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(StartupBackfill.class);
    private static final List<QueueAttributeName> DEPTH = List.of(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES,
            QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE,
            QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_DELAYED);

    private final Config config;
    private final CommandClients clients;
    private final Duration maxDrainWait;
    private final Thread thread;
    private volatile Backfill.Totals totals;

    StartupBackfill(Config config, AwsCredentialsProvider credentials, Duration maxDrainWait) {
        this.config = config;
        this.clients = new CommandClients(config, credentials, 16);
        this.maxDrainWait = maxDrainWait;
        this.thread = new Thread(this::run, "imagepipe-startup-backfill");
        thread.setDaemon(true);
    }

    void start() {
        thread.start();
    }

    /** The result once it has run; null before. */
    Backfill.Totals totals() {
        return totals;
    }

    private void run() {
        try {
            awaitDrained();
            Backfill backfill = new Backfill(config, clients.s3(), new QueueSink(clients.sqs(), config.queueUrl()),
                    Backfill.Options.defaults().withPrune(true), new PrintStream(OutputStream.nullOutputStream()));
            Backfill.Totals t = backfill.run(line -> log.debug("{}", line));
            totals = t;
            var line = t.sent() > 0 || t.failed() > 0 ? log.atWarn() : log.atInfo();
            line.log("start-up backfill: {} sources checked, {} up to date, {} sent for processing {}, {} outputs of"
                            + " deleted sources sent for removal, {} failed", t.listed(), t.upToDate(), t.sent(),
                    t.toSend(), t.orphans(), t.failed());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            log.warn("start-up backfill failed: {}; run `imagepipe backfill --prune` to catch up", e.toString());
        }
    }

    private void awaitDrained() throws InterruptedException {
        long deadline = System.nanoTime() + maxDrainWait.toNanos();
        while (System.nanoTime() < deadline) {
            Map<QueueAttributeName, String> a = clients.sqs().getQueueAttributes(b -> b.queueUrl(config.queueUrl())
                    .attributeNames(DEPTH)).join().attributes();
            if (DEPTH.stream().allMatch(n -> "0".equals(a.get(n)))) {
                return;
            }
            Thread.sleep(500);
        }
        log.info("start-up backfill: the queue has not drained in {} s; checking the buckets anyway",
                maxDrainWait.toSeconds());
    }

    @Override
    public void close() {
        thread.interrupt();
        try {
            thread.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        clients.close();
    }
}

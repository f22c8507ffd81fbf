package io.imagepipe.cli;

import io.imagepipe.config.Config;
import io.imagepipe.event.S3Event;
import io.imagepipe.event.S3EventJson;
import io.imagepipe.pipeline.ConfigHash;
import io.imagepipe.pipeline.Manifest;
import io.imagepipe.pipeline.ManifestStore;
import io.imagepipe.storage.ObjectStore;
import java.io.PrintStream;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import software.amazon.awssdk.services.s3.S3AsyncClient;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Response;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * Brings every source's outputs up to date: walks the source buckets under a prefix, one listing page
 * at a time (memory stays bounded on buckets of millions of keys), and for each object without a
 * manifest, or with a manifest of another ETag or configuration hash, hands an S3 event notification to
 * the sink. With {@code prune} it also walks the manifests and sends an {@code ObjectRemoved} event for
 * each whose source is gone, so the pipeline's own removal deletes its outputs.
 */
public final class Backfill {
    /** Names the sender in the notifications it writes, so logs and DLQ entries say where they came from. */
    static final String CONFIGURATION_ID = "imagepipe-backfill";

    /**
     * @param buckets         source buckets to walk; empty walks all of {@link Config#sourceBuckets()}
     * @param prefix          only keys starting with it ("" for all)
     * @param prune           also remove outputs whose source is gone
     * @param dryRun          print what would be sent, send nothing
     * @param includeRejected also send sources whose manifest says rejected for the same ETag and config
     * @param perSecond       at most this many notifications a second
     * @param concurrency     manifest checks in flight at once
     */
    public record Options(java.util.List<String> buckets, String prefix, boolean prune, boolean dryRun,
                          boolean includeRejected, double perSecond, int concurrency) {
        public Options {
            buckets = java.util.List.copyOf(buckets);
            if (concurrency < 1) {
                throw new IllegalArgumentException("concurrency must be at least 1");
            }
        }

        public static Options defaults() {
            return new Options(java.util.List.of(), "", false, false, false, 200, 16);
        }

        public Options withDryRun() {
            return new Options(buckets, prefix, prune, true, includeRejected, perSecond, concurrency);
        }

        public Options withPrune(boolean v) {
            return new Options(buckets, prefix, v, dryRun, includeRejected, perSecond, concurrency);
        }
    }

    /** Why a source is sent again. */
    enum Reason {
        NO_MANIFEST("no manifest"), OTHER_ETAG("manifest of another ETag"), OTHER_CONFIG("manifest of another configuration"),
        REJECTED("rejected before, retried with --include-rejected");

        final String text;

        Reason(String text) {
            this.text = text;
        }
    }

    /** What a run found and did; {@code delivered} counts the sink's answers (enqueued, or outcomes in-process). */
    public record Totals(long listed, long upToDate, long skipped, Map<String, Long> toSend, long manifests,
                         long orphans, Map<String, Long> delivered, long failed) {
        public long sent() {
            return delivered.values().stream().mapToLong(Long::longValue).sum();
        }
    }

    private final Config config;
    private final S3AsyncClient s3;
    private final ObjectStore store;
    private final ManifestStore manifests;
    private final String configHash;
    private final EventSink sink;
    private final Options options;
    private final PrintStream out;
    private final S3EventJson json;
    private final RateLimiter rate;
    private final Semaphore inFlight;
    /** Decisions and deliveries run here: the rate limiter's waits never hold the SDK's response threads. */
    private final java.util.concurrent.ExecutorService deciders;

    private final AtomicLong listed = new AtomicLong();
    private final AtomicLong upToDate = new AtomicLong();
    private final AtomicLong skipped = new AtomicLong();
    private final Map<String, AtomicLong> toSend = new ConcurrentHashMap<>();
    private final AtomicLong manifestsSeen = new AtomicLong();
    private final AtomicLong orphans = new AtomicLong();
    private final Map<String, AtomicLong> delivered = new ConcurrentHashMap<>();
    private final AtomicLong failed = new AtomicLong();
    private final AtomicLong lastSequencer = new AtomicLong();

    /**
     * @param out where the dry run's lines and failures are printed (progress goes to {@link #run(Consumer)}'s reporter)
     */
    public Backfill(Config config, S3AsyncClient s3, EventSink sink, Options options, PrintStream out) {
        this.config = config;
        this.s3 = s3;
        this.store = new ObjectStore(s3);
        this.manifests = new ManifestStore(config, store);
        this.configHash = ConfigHash.of(config);
        this.sink = sink;
        this.options = options;
        this.out = out;
        this.json = new S3EventJson(config.region(), CONFIGURATION_ID, "imagepipe-backfill", "127.0.0.1");
        this.rate = new RateLimiter(options.perSecond());
        this.inFlight = new Semaphore(options.concurrency());
        this.deciders = java.util.concurrent.Executors.newFixedThreadPool(options.concurrency(), r -> {
            Thread t = new Thread(r, "imagepipe-backfill");
            t.setDaemon(true);
            return t;
        });
    }

    /** Walks everything; {@code progress} gets a one-line summary every few seconds and at the end. */
    public Totals run(Consumer<String> progress) throws InterruptedException {
        var ticker = java.util.concurrent.Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "imagepipe-backfill-progress");
            t.setDaemon(true);
            return t;
        });
        ticker.scheduleAtFixedRate(() -> progress.accept(summary()), 2, 2, TimeUnit.SECONDS);
        try {
            for (String bucket : options.buckets().isEmpty() ? config.sourceBuckets() : options.buckets()) {
                walkSources(bucket);
            }
            if (options.prune()) {
                walkManifests();
            }
            inFlight.acquire(options.concurrency()); // every check and delivery has finished
            inFlight.release(options.concurrency());
        } finally {
            ticker.shutdownNow();
            deciders.shutdownNow();
        }
        progress.accept(summary());
        return totals();
    }

    public Totals totals() {
        return new Totals(listed.get(), upToDate.get(), skipped.get(), snapshot(toSend), manifestsSeen.get(),
                orphans.get(), snapshot(delivered), failed.get());
    }

    private void walkSources(String bucket) throws InterruptedException {
        String token = null;
        do {
            String continuation = token;
            ListObjectsV2Response page = s3.listObjectsV2(b -> b.bucket(bucket).prefix(options.prefix())
                    .continuationToken(continuation)).join();
            for (S3Object object : page.contents()) {
                listed.incrementAndGet();
                if (config.isOutputLocation(bucket, object.key())) {
                    skipped.incrementAndGet();
                    continue;
                }
                inFlight.acquire();
                manifests.summary(object.key())
                        .thenComposeAsync(summary -> decide(summary, object)
                                .map(reason -> send(bucket, object, reason))
                                .orElseGet(() -> {
                                    upToDate.incrementAndGet();
                                    return CompletableFuture.completedFuture(null);
                                }), deciders)
                        .whenComplete((v, e) -> {
                            if (e != null) {
                                fail("s3://" + bucket + "/" + object.key(), e);
                            }
                            inFlight.release();
                        });
            }
            token = Boolean.TRUE.equals(page.isTruncated()) ? page.nextContinuationToken() : null;
        } while (token != null);
    }

    /** Empty when the outputs are those of this object under this configuration. */
    Optional<Reason> decide(Optional<Map<String, String>> summary, S3Object object) {
        if (summary.isEmpty()) {
            return Optional.of(Reason.NO_MANIFEST);
        }
        Map<String, String> m = summary.get();
        if (!unquote(object.eTag()).equals(m.get(ManifestStore.SOURCE_ETAG))) {
            return Optional.of(Reason.OTHER_ETAG);
        }
        if (!configHash.equals(m.get(ManifestStore.CONFIG_HASH))) {
            return Optional.of(Reason.OTHER_CONFIG);
        }
        if (Manifest.REJECTED.equals(m.get(ManifestStore.STATUS)) && options.includeRejected()) {
            return Optional.of(Reason.REJECTED);
        }
        return Optional.empty();
    }

    private CompletableFuture<Void> send(String bucket, S3Object object, Reason reason) {
        toSend.computeIfAbsent(reason.name().toLowerCase(Locale.ROOT), k -> new AtomicLong()).incrementAndGet();
        S3Event event = new S3Event("ObjectCreated:Put", bucket, object.key(), object.size(), unquote(object.eTag()),
                null, nextSequencer(), now());
        return deliver("process", event, reason.text);
    }

    private void walkManifests() throws InterruptedException {
        String token = null;
        String prefix = config.manifestKeyPrefix() + options.prefix();
        do {
            String continuation = token;
            ListObjectsV2Response page = s3.listObjectsV2(b -> b.bucket(config.outputBucket()).prefix(prefix)
                    .continuationToken(continuation)).join();
            for (S3Object object : page.contents()) {
                if (!object.key().endsWith(".json")) {
                    continue;
                }
                manifestsSeen.incrementAndGet();
                inFlight.acquire();
                store.getIfExists(config.outputBucket(), object.key())
                        .thenComposeAsync(bytes -> bytes.map(manifests::parse).map(this::pruneIfOrphan)
                                .orElseGet(() -> CompletableFuture.completedFuture(null)), deciders)
                        .whenComplete((v, e) -> {
                            if (e != null) {
                                fail("s3://" + config.outputBucket() + "/" + object.key(), e);
                            }
                            inFlight.release();
                        });
            }
            token = Boolean.TRUE.equals(page.isTruncated()) ? page.nextContinuationToken() : null;
        } while (token != null);
    }

    private CompletableFuture<Void> pruneIfOrphan(Manifest manifest) {
        Manifest.Source source = manifest.source();
        if (source == null || source.bucket() == null || source.key() == null
                || !config.sourceBuckets().contains(source.bucket())
                || !options.buckets().isEmpty() && !options.buckets().contains(source.bucket())) {
            return CompletableFuture.completedFuture(null);
        }
        return store.head(source.bucket(), source.key()).thenComposeAsync(head -> {
            if (head.isPresent()) {
                return CompletableFuture.completedFuture(null);
            }
            orphans.incrementAndGet();
            S3Event event = new S3Event("ObjectRemoved:Delete", source.bucket(), source.key(), null, null, null,
                    nextSequencer(), now());
            return deliver("prune", event, "source is gone");
        }, deciders);
    }

    private CompletableFuture<Void> deliver(String verb, S3Event event, String why) {
        String where = "s3://" + event.bucket() + "/" + event.key();
        if (options.dryRun()) {
            synchronized (out) {
                out.println("would " + verb + " " + Printable.of(where) + " (" + why + ")");
            }
            return CompletableFuture.completedFuture(null);
        }
        try {
            rate.acquire();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return CompletableFuture.failedFuture(e);
        }
        return sink.deliver(json.toJson(event)).thenAccept(label ->
                delivered.computeIfAbsent(label, k -> new AtomicLong()).incrementAndGet());
    }

    private void fail(String where, Throwable e) {
        failed.incrementAndGet();
        Throwable cause = ObjectStore.unwrap(e);
        synchronized (out) {
            out.println("failed " + Printable.of(where) + ": " + Printable.of(String.valueOf(cause)));
        }
    }

    String summary() {
        return String.format(Locale.ROOT, "backfill: listed %d, up to date %d, to send %s, manifests %d, orphans %d,"
                        + " %s %s, failed %d", listed.get(), upToDate.get(), snapshot(toSend), manifestsSeen.get(),
                orphans.get(), options.dryRun() ? "dry run, sent nothing" : "sent", snapshot(delivered), failed.get());
    }

    /** Strictly increasing, from the clock like S3's, so it never orders before an event already seen. */
    private String nextSequencer() {
        Instant now = Instant.now();
        long nanos = now.getEpochSecond() * 1_000_000_000L + now.getNano();
        return String.format(Locale.ROOT, "%018X", lastSequencer.updateAndGet(last -> Math.max(last + 1, nanos)));
    }

    private static Instant now() {
        return Instant.now().truncatedTo(ChronoUnit.MILLIS);
    }

    private static Map<String, Long> snapshot(Map<String, AtomicLong> counts) {
        Map<String, Long> copy = new TreeMap<>();
        counts.forEach((k, v) -> copy.put(k, v.get()));
        return copy;
    }

    static String unquote(String eTag) {
        if (eTag == null) {
            return "";
        }
        return eTag.length() >= 2 && eTag.startsWith("\"") && eTag.endsWith("\"")
                ? eTag.substring(1, eTag.length() - 1) : eTag;
    }
}

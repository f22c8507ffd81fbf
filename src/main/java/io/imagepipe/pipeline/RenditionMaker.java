package io.imagepipe.pipeline;

import io.imagepipe.config.Config;
import io.imagepipe.core.ImageException;
import io.imagepipe.core.ImageProcessor;
import io.imagepipe.core.ProcessedImage;
import io.imagepipe.core.Rendition;
import io.imagepipe.core.SourceInfo;
import io.imagepipe.storage.ByteReservations;
import io.imagepipe.storage.ObjectStore;
import io.imagepipe.storage.StoredObject;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * An object was created: make its renditions unless they already exist for this ETag and
 * configuration. The manifest is written only after every rendition is stored, so it doubles as
 * the marker that the work is complete.
 */
final class RenditionMaker {
    private final Config config;
    private final ObjectStore store;
    private final ManifestStore manifests;
    private final ImageProcessor processor;
    private final WorkerPool workers;
    private final PixelBudget budget;
    private final PipelineMetrics metrics;
    private final String configHash;

    RenditionMaker(Config config, ObjectStore store, ManifestStore manifests, ImageProcessor processor,
                   WorkerPool workers, PixelBudget budget, PipelineMetrics metrics) {
        this.config = config;
        this.store = store;
        this.manifests = manifests;
        this.processor = processor;
        this.workers = workers;
        this.budget = budget;
        this.metrics = metrics;
        this.configHash = ConfigHash.of(config);
    }

    /** Reserves a source's bytes in the memory budget before its download. */
    ByteReservations sourceMemory() {
        return bytes -> budget.reserveLater(MemoryCost.sourceUnits(bytes)).thenApply(r -> r::close);
    }

    String configHash() {
        return configHash;
    }

    /** Renditions exist for this ETag and configuration: a repeated event has nothing to do. */
    boolean isDone(Optional<Map<String, String>> summary, String eTag) {
        return summary.isPresent() && Manifest.PROCESSED.equals(summary.get().get(ManifestStore.STATUS))
                && matches(summary.get(), eTag);
    }

    /** The outputs say what this ETag under this configuration is (made, or rejected with a reason). */
    boolean isSettled(Optional<Map<String, String>> summary, String eTag) {
        return summary.isPresent() && matches(summary.get(), eTag)
                && (Manifest.PROCESSED.equals(summary.get().get(ManifestStore.STATUS))
                    || Manifest.REJECTED.equals(summary.get().get(ManifestStore.STATUS)));
    }

    private boolean matches(Map<String, String> summary, String eTag) {
        return eTag != null && eTag.equals(summary.get(ManifestStore.SOURCE_ETAG))
                && configHash.equals(summary.get(ManifestStore.CONFIG_HASH));
    }

    /**
     * Makes and writes the renditions of a fetched source, or records its rejection: {@code processed},
     * {@code rejected}, or {@code skipped}/{@code duplicate} with nothing written.
     */
    CompletableFuture<Outcome> render(StoredObject source, Optional<Map<String, String>> summary, long downloadNanos) {
        metrics.stage("download", downloadNanos);
        metrics.sourceBytes(source.bytes().length);
        if ("true".equals(source.metadata().get(ManifestStore.OUTPUT_MARKER))) {
            return done(new Outcome.Skipped("object is imagepipe output"));
        }
        if (isDone(summary, source.eTag())) {
            return done(new Outcome.Duplicate("renditions exist for ETag " + source.eTag()));
        }
        return workers.submit(() -> process(source)).handle((image, failure) -> {
            if (failure == null) {
                return upload(source, image, downloadNanos);
            }
            if (ObjectStore.unwrap(failure) instanceof ImageException rejected
                    && ImagePipeline.outOfMemory(failure) == null) {
                return reject(source.bucket(), source.key(), source.eTag(), source.bytes().length, rejected.reason(),
                        rejected.getMessage());
            }
            return CompletableFuture.<Outcome>failedFuture(failure);
        }).thenCompose(f -> f);
    }

    /** Runs on a worker: probe, reserve the decoded pixels, then decode, resize and encode. */
    private ProcessedImage process(StoredObject source) throws ImageException, InterruptedException {
        SourceInfo info = processor.probe(source.bytes());
        // The source's own bytes were reserved before its download (Convergence); the rest now.
        long units = MemoryCost.decodeUnits(info, processor.decodedPixels(info, config.renditions()), source.bytes());
        try (PixelBudget.Reservation ignored = budget.reserve(units)) {
            ProcessedImage image = processor.process(source.bytes(), info, config.renditions());
            metrics.stage("decode", image.timings().decodeNanos());
            metrics.stage("resize", image.timings().resizeNanos());
            metrics.stage("encode", image.timings().encodeNanos());
            return image;
        }
    }

    private CompletableFuture<Outcome> upload(StoredObject source, ProcessedImage image, long downloadNanos) {
        long t0 = System.nanoTime();
        Map<String, String> metadata = Map.of(ManifestStore.OUTPUT_MARKER, "true",
                ManifestStore.SOURCE_ETAG, source.eTag() == null ? "" : source.eTag(),
                ManifestStore.CONFIG_HASH, configHash);
        List<CompletableFuture<String>> puts = new ArrayList<>();
        List<Manifest.RenditionEntry> entries = new ArrayList<>();
        for (Rendition r : image.renditions()) {
            String key = config.renditionKey(source.key(), r.name(), r.extension(), source.eTag());
            puts.add(store.put(config.outputBucket(), key, r.bytes(), r.contentType(), config.cacheControl(),
                    metadata));
            entries.add(new Manifest.RenditionEntry(r.name(), key, r.width(), r.height(), r.bytes().length,
                    r.contentType()));
        }
        return CompletableFuture.allOf(puts.toArray(CompletableFuture[]::new)).thenCompose(v -> {
            long uploadNanos = System.nanoTime() - t0;
            metrics.stage("upload", uploadNanos);
            metrics.outputBytes(image.outputBytes());
            SourceInfo info = image.source();
            Manifest manifest = new Manifest(Manifest.PROCESSED, sourceEntry(source, info), entries, configHash,
                    Instant.now().toString(), new Manifest.Timings(millis(downloadNanos),
                    image.timings().decodeMillis(), image.timings().resizeMillis(), image.timings().encodeMillis(),
                    millis(uploadNanos)), null);
            List<String> written = entries.stream().map(Manifest.RenditionEntry::key).toList();
            // Before the new manifest: once it is written, nothing lists the keys it dropped any more.
            return deleteRenditionsOfPrevious(source.key(), written)
                    .thenCompose(x -> manifests.write(source.key(), manifest));
        }).thenApply(v -> new Outcome.Processed(entries.size()));
    }

    /** Deletes the renditions the current manifest lists, except {@code keep}. */
    private CompletableFuture<Void> deleteRenditionsOfPrevious(String sourceKey, List<String> keep) {
        return manifests.read(sourceKey).thenCompose(previous -> {
            if (previous.isEmpty() || previous.get().renditions() == null) {
                return CompletableFuture.<Void>completedFuture(null);
            }
            List<String> stale = previous.get().renditions().stream().map(Manifest.RenditionEntry::key)
                    .filter(k -> !keep.contains(k)).distinct().toList();
            return stale.isEmpty() ? CompletableFuture.<Void>completedFuture(null)
                    : store.deleteAll(config.outputBucket(), stale);
        });
    }

    /**
     * The one rejection path (corrupt, unsupported, over a limit, too many bytes, a permanent S3
     * refusal): the renditions of an earlier version are deleted (they no longer show what is
     * there, and once the manifest stops listing them nothing would ever remove them), then a
     * rejected manifest says why, for the status API; the message goes to the DLQ with the reason.
     */
    CompletableFuture<Outcome> reject(String bucket, String key, String eTag, long bytes, String reason,
                                      String message) {
        Manifest manifest = new Manifest(Manifest.REJECTED, new Manifest.Source(bucket, key, eTag, bytes, null, null,
                null, null), List.of(), configHash, Instant.now().toString(), null, new Manifest.Error(reason, message));
        return deleteRenditionsOfPrevious(key, List.of())
                .thenCompose(v -> manifests.write(key, manifest))
                .thenApply(v -> new Outcome.Rejected(reason, message));
    }

    private static Manifest.Source sourceEntry(StoredObject source, SourceInfo info) {
        return new Manifest.Source(source.bucket(), source.key(), source.eTag(), source.bytes().length,
                info.format().id(), info.displayWidth(), info.displayHeight(), info.orientation());
    }

    private static CompletableFuture<Outcome> done(Outcome outcome) {
        return CompletableFuture.completedFuture(outcome);
    }

    private static long millis(long nanos) {
        return nanos / 1_000_000;
    }
}

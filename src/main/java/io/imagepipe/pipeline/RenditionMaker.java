package io.imagepipe.pipeline;

import io.imagepipe.config.Config;
import io.imagepipe.core.ImageException;
import io.imagepipe.core.ImageProcessor;
import io.imagepipe.core.ProcessedImage;
import io.imagepipe.core.Rendition;
import io.imagepipe.core.SourceInfo;
import io.imagepipe.event.ObjectEvent;
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

    String configHash() {
        return configHash;
    }

    CompletableFuture<Outcome> make(ObjectEvent event) {
        return manifests.summary(event.key()).thenCompose(summary -> {
            if (event.eTag() != null && isDone(summary, event.eTag())) {
                return done(new Outcome.Duplicate("renditions exist for ETag " + event.eTag()));
            }
            long t0 = System.nanoTime();
            return store.get(event.bucket(), event.key(), config.limits().maxSourceBytes())
                    .thenCompose(source -> {
                        long downloadNanos = System.nanoTime() - t0;
                        metrics.stage("download", downloadNanos);
                        metrics.sourceBytes(source.bytes().length);
                        if ("true".equals(source.metadata().get(ManifestStore.OUTPUT_MARKER))) {
                            return done(new Outcome.Skipped("object is imagepipe output"));
                        }
                        if (isDone(summary, source.eTag())) {
                            return done(new Outcome.Duplicate("renditions exist for ETag " + source.eTag()));
                        }
                        return render(source, downloadNanos);
                    });
        });
    }

    private boolean isDone(Optional<Map<String, String>> summary, String eTag) {
        return summary.isPresent() && Manifest.PROCESSED.equals(summary.get().get(ManifestStore.STATUS))
                && eTag != null && eTag.equals(summary.get().get(ManifestStore.SOURCE_ETAG))
                && configHash.equals(summary.get().get(ManifestStore.CONFIG_HASH));
    }

    private CompletableFuture<Outcome> render(StoredObject source, long downloadNanos) {
        return workers.submit(() -> process(source)).handle((image, failure) -> {
            if (failure == null) {
                return upload(source, image, downloadNanos);
            }
            if (ObjectStore.unwrap(failure) instanceof ImageException rejected) {
                return reject(source, rejected);
            }
            return CompletableFuture.<Outcome>failedFuture(failure);
        }).thenCompose(f -> f);
    }

    /** Runs on a worker: probe, reserve the decoded pixels, then decode, resize and encode. */
    private ProcessedImage process(StoredObject source) throws ImageException, InterruptedException {
        SourceInfo info = processor.probe(source.bytes());
        try (PixelBudget.Reservation ignored = budget.reserve(processor.decodedPixels(info, config.renditions()))) {
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
            String key = config.renditionKey(source.key(), r.name(), r.extension());
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
            return manifests.write(source.key(), manifest);
        }).thenApply(v -> new Outcome.Processed(entries.size()));
    }

    /**
     * Records why the source was refused, for the status API, then rejects the message. Renditions
     * of an earlier, valid version of the source are deleted first: they no longer show what is
     * there, and once the manifest stops listing them nothing else would ever remove them.
     */
    private CompletableFuture<Outcome> reject(StoredObject source, ImageException e) {
        Manifest manifest = new Manifest(Manifest.REJECTED, new Manifest.Source(source.bucket(), source.key(),
                source.eTag(), source.bytes().length, null, null, null, null), List.of(), configHash,
                Instant.now().toString(), null, new Manifest.Error(e.reason(), e.getMessage()));
        return manifests.read(source.key())
                .thenCompose(previous -> previous.isEmpty() || previous.get().renditions() == null
                        ? CompletableFuture.<Void>completedFuture(null)
                        : store.deleteAll(config.outputBucket(),
                                previous.get().renditions().stream().map(Manifest.RenditionEntry::key).toList()))
                .thenCompose(v -> manifests.write(source.key(), manifest))
                .thenApply(v -> new Outcome.Rejected(e.reason(), e.getMessage()));
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

package io.imagepipe.pipeline;

import io.imagepipe.config.Config;
import io.imagepipe.event.ObjectEvent;
import io.imagepipe.storage.ObjectStore;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * A source was deleted: delete what was made from it, as listed in its manifest, and the manifest
 * last. Does nothing if the source exists again (re-uploaded after the delete).
 */
final class RenditionRemover {
    private final Config config;
    private final ObjectStore store;
    private final ManifestStore manifests;

    RenditionRemover(Config config, ObjectStore store, ManifestStore manifests) {
        this.config = config;
        this.store = store;
        this.manifests = manifests;
    }

    CompletableFuture<Outcome> remove(ObjectEvent event) {
        return store.head(event.bucket(), event.key()).thenCompose(source -> {
            if (source.isPresent()) {
                return CompletableFuture.completedFuture(
                        new Outcome.Skipped("source exists again; its renditions stay"));
            }
            return manifests.read(event.key()).thenCompose(manifest -> {
                if (manifest.isEmpty()) {
                    return CompletableFuture.completedFuture(new Outcome.Skipped("no manifest: nothing to remove"));
                }
                List<String> keys = new ArrayList<>();
                manifest.get().renditions().forEach(r -> keys.add(r.key()));
                return store.deleteAll(config.outputBucket(), keys)
                        .thenCompose(v -> store.deleteAll(config.outputBucket(),
                                List.of(config.manifestKey(event.key()))))
                        .thenApply(v -> new Outcome.Removed(keys.size()));
            });
        });
    }
}

package io.imagepipe.pipeline;

import io.imagepipe.config.Config;
import io.imagepipe.storage.ObjectStore;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Deletes what was made from a source, as listed in its manifest, and the manifest last. Whether
 * the source is really gone is {@link Convergence}'s call.
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

    /** How many renditions were deleted; -1 and nothing done when there is no manifest. */
    CompletableFuture<Integer> removeOutputs(String sourceKey) {
        return manifests.read(sourceKey).thenCompose(manifest -> {
            if (manifest.isEmpty()) {
                return CompletableFuture.completedFuture(-1);
            }
            List<String> keys = new ArrayList<>();
            if (manifest.get().renditions() != null) {
                manifest.get().renditions().forEach(r -> keys.add(r.key()));
            }
            return store.deleteAll(config.outputBucket(), keys)
                    .thenCompose(v -> store.deleteAll(config.outputBucket(), List.of(config.manifestKey(sourceKey))))
                    .thenApply(v -> keys.size());
        });
    }
}

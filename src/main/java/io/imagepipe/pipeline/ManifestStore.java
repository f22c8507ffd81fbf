package io.imagepipe.pipeline;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.imagepipe.config.Config;
import io.imagepipe.storage.ListedObject;
import io.imagepipe.storage.ObjectStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * Reads and writes manifests. The source ETag, configuration hash and status are also stored as
 * object metadata, so the duplicate check is one HEAD request instead of a GET and a parse.
 */
public final class ManifestStore {
    public static final String OUTPUT_MARKER = "imagepipe-output";
    public static final String SOURCE_ETAG = "imagepipe-source-etag";
    public static final String CONFIG_HASH = "imagepipe-config-hash";
    public static final String STATUS = "imagepipe-status";

    private final Config config;
    private final ObjectStore store;
    private final ObjectMapper json = new ObjectMapper()
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

    public ManifestStore(Config config, ObjectStore store) {
        this.config = config;
        this.store = store;
    }

    /** The status, source ETag and config hash of the manifest of {@code sourceKey}, or empty if none. */
    public CompletableFuture<Optional<Map<String, String>>> summary(String sourceKey) {
        return store.head(config.outputBucket(), config.manifestKey(sourceKey))
                .thenApply(head -> head.map(h -> h.metadata()));
    }

    public CompletableFuture<Optional<Manifest>> read(String sourceKey) {
        return store.getIfExists(config.outputBucket(), config.manifestKey(sourceKey))
                .thenApply(bytes -> bytes.map(this::parse));
    }

    /**
     * The newest manifests of source keys under {@code sourceKeyPrefix}, newest first. S3 lists in key
     * order, not by time, so up to {@code scanLimit} manifest keys are listed and sorted by their
     * Last-Modified; manifests removed meanwhile are left out.
     */
    public CompletableFuture<Recent> recent(String sourceKeyPrefix, int limit, int scanLimit) {
        return store.list(config.outputBucket(), config.manifestKeyPrefix(sourceKeyPrefix), scanLimit)
                .thenCompose(listing -> {
                    List<ListedObject> newest = listing.objects().stream()
                            .filter(o -> config.sourceKeyOfManifest(o.key()).isPresent())
                            .sorted(Comparator.comparing(ListedObject::lastModified).reversed()
                                    .thenComparing(ListedObject::key))
                            .limit(limit).toList();
                    List<CompletableFuture<Optional<Manifest>>> reads = newest.stream()
                            .map(o -> read(config.sourceKeyOfManifest(o.key()).orElseThrow())).toList();
                    return CompletableFuture.allOf(reads.toArray(CompletableFuture[]::new)).thenApply(v ->
                            new Recent(reads.stream().map(CompletableFuture::join).flatMap(Optional::stream).toList(),
                                    listing.truncated()));
                });
    }

    /** Manifests, newest first; {@code partial} when there were more keys than were scanned. */
    public record Recent(List<Manifest> manifests, boolean partial) {
        public Recent {
            manifests = List.copyOf(manifests);
        }
    }

    CompletableFuture<Void> write(String sourceKey, Manifest manifest) {
        byte[] body;
        try {
            body = json.writeValueAsBytes(manifest);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Map<String, String> metadata = Map.of(OUTPUT_MARKER, "true",
                SOURCE_ETAG, manifest.source().eTag() == null ? "" : manifest.source().eTag(),
                CONFIG_HASH, manifest.configHash(), STATUS, manifest.status());
        return store.put(config.outputBucket(), config.manifestKey(sourceKey), body, "application/json",
                "no-cache", metadata).thenApply(eTag -> null);
    }

    public Manifest parse(byte[] bytes) {
        try {
            return json.readValue(bytes, Manifest.class);
        } catch (IOException e) {
            throw new UncheckedIOException("manifest is not valid JSON", e);
        }
    }
}

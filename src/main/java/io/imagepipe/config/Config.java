package io.imagepipe.config;

import io.imagepipe.core.KeyTemplate;
import io.imagepipe.core.Limits;
import io.imagepipe.core.RenditionSpec;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Everything the service is told, read once at start from {@code IMAGEPIPE_*} environment
 * variables by {@link ConfigLoader} and never changed afterwards.
 *
 * @param sourceBuckets     events for any other bucket are rejected
 * @param outputBucket      where renditions and manifests are written
 * @param outputPrefix      prepended to every output key ("" for none)
 * @param pixelBudget       decoded pixels that may be in memory at once across all workers
 * @param s3Endpoint        an S3-compatible endpoint instead of AWS's (local mode, MinIO)
 * @param sqsEndpoint       an SQS-compatible endpoint instead of AWS's (local mode, ElasticMQ)
 * @param dlqUrl            rejected messages are sent here with their reason; empty leaves them to the redrive policy
 * @param visibilityTimeout how long a received message stays hidden; the heartbeat extends it
 * @param heartbeat         how often the visibility of in-flight messages is extended
 * @param maxRetryDelay     the cap on the 10 s, 20 s, 40 s ... release backoff
 */
public record Config(
        Set<String> sourceBuckets,
        String outputBucket,
        String outputPrefix,
        KeyTemplate keyTemplate,
        List<RenditionSpec> renditions,
        String cacheControl,
        String queueUrl,
        Optional<String> dlqUrl,
        String region,
        Optional<URI> s3Endpoint,
        Optional<URI> sqsEndpoint,
        boolean s3PathStyle,
        int workers,
        int maxInflight,
        long pixelBudget,
        Limits limits,
        Duration visibilityTimeout,
        Duration heartbeat,
        Duration maxRetryDelay,
        Duration shutdownGrace,
        int httpPort,
        String httpHost,
        LogFormat logFormat) {

    public enum LogFormat { TEXT, JSON }

    public Config {
        sourceBuckets = Set.copyOf(sourceBuckets);
        renditions = List.copyOf(renditions);
    }

    /** The manifest of a source key: {@code manifests/{key}.json} under the output prefix. */
    public String manifestKey(String sourceKey) {
        return manifestKeyPrefix() + sourceKey + ".json";
    }

    /** Every manifest key starts with this: where the backfill lists them to find outputs of deleted sources. */
    public String manifestKeyPrefix() {
        return outputPrefix + "manifests/";
    }

    /** Where rendition {@code name} of {@code sourceKey} is written. */
    public String renditionKey(String sourceKey, String name, String extension) {
        return outputPrefix + keyTemplate.apply(sourceKey, name, extension);
    }

    /** Where rendition {@code name} of version {@code sourceETag} of {@code sourceKey} is written. */
    public String renditionKey(String sourceKey, String name, String extension, String sourceETag) {
        return outputPrefix + keyTemplate.apply(sourceKey, name, extension, sourceETag);
    }

    /**
     * True for keys this service writes, when the output shares a source bucket: events for
     * them must be skipped or the service would process its own output forever.
     */
    public boolean isOutputLocation(String bucket, String key) {
        return bucket.equals(outputBucket) && outputKeyPrefixes().stream().anyMatch(key::startsWith);
    }

    /** Every output key starts with one of these (the manifests' prefix among them). */
    public List<String> outputKeyPrefixes() {
        if (!outputPrefix.isEmpty()) {
            return List.of(outputPrefix); // everything under it is ours, whatever the template makes
        }
        List<String> prefixes = new java.util.ArrayList<>();
        prefixes.add(outputPrefix + "manifests/");
        for (String p : keyTemplate.keyPrefixes(renditions.stream().map(RenditionSpec::name).toList())) {
            prefixes.add(outputPrefix + p);
        }
        return List.copyOf(prefixes);
    }

    /** Output in a source bucket is safe only if every output key has a prefix that tells it apart. */
    public boolean outputDistinguishable() {
        return !sourceBuckets.contains(outputBucket) || outputKeyPrefixes().stream().noneMatch(String::isEmpty);
    }
}

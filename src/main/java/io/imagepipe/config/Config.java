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
        LogFormat logFormat,
        Api api) {

    public enum LogFormat { TEXT, JSON }

    /**
     * The upload page's HTTP API ({@code /api/*}).
     *
     * @param uploadBucket       where presigned uploads go: the first of the source buckets
     * @param uploadContentTypes the Content-Types a browser may upload, lower case
     * @param uploadMaxBytes     the largest upload a URL is signed for
     * @param uploadPrefix       fresh keys are {@code <uploadPrefix><uuid>/<name>}; "" or ending in '/'
     * @param uploadUrlTtl       how long a presigned PUT stays valid (the GET URLs of results too)
     * @param token              when present, {@code /api/*} requires {@code Authorization: Bearer <token>}
     * @param corsOrigins        origins (scheme://host[:port]) other than the service's own that may call the API
     * @param rateLimitPerMinute {@code /api/*} requests a client address may make per minute; 0 for no limit
     */
    public record Api(String uploadBucket, Set<String> uploadContentTypes, long uploadMaxBytes, String uploadPrefix,
                      Duration uploadUrlTtl, Optional<String> token, List<String> corsOrigins,
                      int rateLimitPerMinute) {
        public Api {
            uploadContentTypes = Set.copyOf(uploadContentTypes);
            corsOrigins = List.copyOf(corsOrigins);
        }

        @Override
        public String toString() { // never print the token
            return "Api[uploadBucket=" + uploadBucket + ", uploadContentTypes=" + uploadContentTypes
                    + ", uploadMaxBytes=" + uploadMaxBytes + ", uploadPrefix=" + uploadPrefix + ", uploadUrlTtl="
                    + uploadUrlTtl + ", token=" + (token.isPresent() ? "(set)" : "(none)") + ", corsOrigins="
                    + corsOrigins + ", rateLimitPerMinute=" + rateLimitPerMinute + "]";
        }
    }

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

    /** Every manifest of a source key starting with {@code sourceKeyPrefix} starts with this. */
    public String manifestKeyPrefix(String sourceKeyPrefix) {
        return outputPrefix + "manifests/" + sourceKeyPrefix;
    }

    /** The source key a manifest key belongs to (the inverse of {@link #manifestKey}), or empty for other keys. */
    public Optional<String> sourceKeyOfManifest(String manifestKey) {
        String start = manifestKeyPrefix("");
        return manifestKey.startsWith(start) && manifestKey.endsWith(".json")
                && manifestKey.length() > start.length() + ".json".length()
                ? Optional.of(manifestKey.substring(start.length(), manifestKey.length() - ".json".length()))
                : Optional.empty();
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

package io.imagepipe.config;

import io.imagepipe.core.KeyTemplate;
import io.imagepipe.core.Limits;
import io.imagepipe.core.RenditionSpec;
import io.imagepipe.core.RenditionSpecParser;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * Reads {@link Config} from {@code IMAGEPIPE_*} variables. Every problem is collected, so a user
 * fixing a deployment sees all of them at once, each with the variable's name and what to write.
 */
public final class ConfigLoader {
    /** The Cache-Control default for keys that are rewritten when their source is overwritten. */
    public static final String CHANGING_CACHE_CONTROL = "public, max-age=300";
    /** The Cache-Control default when the key template has {@code {etag}}: each key holds one version for good. */
    public static final String IMMUTABLE_CACHE_CONTROL = "public, max-age=31536000, immutable";

    public static final String PREFIX = "IMAGEPIPE_";

    private final Map<String, String> env;
    private final Map<String, String> defaults;
    private final List<String> problems = new ArrayList<>();

    /**
     * @param env      the environment (System.getenv() in production)
     * @param defaults values used where env has none: local mode passes its endpoints here
     */
    public ConfigLoader(Map<String, String> env, Map<String, String> defaults) {
        this.env = env;
        this.defaults = defaults;
    }

    public Config load() {
        int cores = Runtime.getRuntime().availableProcessors();
        Set<String> sourceBuckets = new LinkedHashSet<>(list("SOURCE_BUCKETS", "uploads"));
        String outputBucket = string("OUTPUT_BUCKET", "renditions");
        String outputPrefix = string("OUTPUT_PREFIX", "");
        if (!outputPrefix.isEmpty() && !outputPrefix.endsWith("/")) {
            problem("OUTPUT_PREFIX", outputPrefix, "must end with '/' (for example 'processed/')");
        }
        KeyTemplate template = parse("KEY_TEMPLATE", KeyTemplate.DEFAULT, KeyTemplate::parse);
        List<RenditionSpec> renditions = parse("RENDITIONS", RenditionSpecParser.DEFAULT,
                new RenditionSpecParser()::parse);
        String queueUrl = string("QUEUE_URL", null);
        if (queueUrl == null) {
            problems.add(PREFIX + "QUEUE_URL is not set: give the SQS queue URL that receives the bucket's"
                    + " event notifications, e.g. https://sqs.us-east-1.amazonaws.com/123456789012/imagepipe-events");
        }
        Optional<String> dlqUrl = Optional.ofNullable(string("DLQ_URL", null)).filter(s -> !s.isBlank());
        if (dlqUrl.isPresent() && dlqUrl.get().equals(queueUrl)) {
            problem("DLQ_URL", dlqUrl.get(), "is the queue itself, so rejected messages would come back forever;"
                    + " give the dead-letter queue's URL, or leave it unset to rely on the redrive policy");
        }
        String region = string("REGION", Optional.ofNullable(env.get("AWS_REGION")).orElse("us-east-1"));
        Optional<URI> s3Endpoint = uri("S3_ENDPOINT");
        Optional<URI> sqsEndpoint = uri("SQS_ENDPOINT");
        boolean pathStyle = bool("S3_PATH_STYLE", s3Endpoint.isPresent());
        int workers = integer("WORKERS", cores, 1, 1024);
        int maxInflight = integer("MAX_INFLIGHT", workers * 2, 1, 10_000);
        // A source is held in one byte array while it is decoded.
        long maxBytes = longValue("MAX_SOURCE_BYTES", Limits.DEFAULT.maxSourceBytes(), 1, Integer.MAX_VALUE - 8);
        long maxPixels = longValue("MAX_SOURCE_PIXELS", Limits.DEFAULT.maxSourcePixels(), 1, 1L << 40);
        // A decoded pixel costs 4 bytes, and the renditions made from it up to about as much again.
        // The default is half the heap, but never less than one source at the pixel limit, so the
        // defaults stay valid on a small heap (where such a source then runs alone).
        long mb = 1024 * 1024;
        long defaultBudgetMb = Math.max(64, Math.max(Runtime.getRuntime().maxMemory() / 2 / mb,
                (maxPixels * 8 + mb - 1) / mb));
        long budgetMb = longValue("MEMORY_BUDGET_MB", defaultBudgetMb, 16, 1L << 20);
        long pixelBudget = budgetMb * mb / 8;
        if (maxPixels > pixelBudget) {
            problem("MAX_SOURCE_PIXELS", Long.toString(maxPixels), "is more than " + PREFIX
                    + "MEMORY_BUDGET_MB (" + budgetMb + " MB) can decode (" + pixelBudget
                    + " pixels); raise the budget (and the heap) or lower the limit");
        }
        Duration visibility = Duration.ofSeconds(integer("VISIBILITY_TIMEOUT_SECONDS", 60, 5, 43_200));
        Duration heartbeat = Duration.ofSeconds(integer("HEARTBEAT_SECONDS",
                (int) Math.max(1, visibility.toSeconds() / 3), 1, 43_200));
        if (heartbeat.compareTo(visibility) >= 0) {
            problem("HEARTBEAT_SECONDS", Long.toString(heartbeat.toSeconds()), "must be shorter than "
                    + PREFIX + "VISIBILITY_TIMEOUT_SECONDS (" + visibility.toSeconds() + "), a third of it is usual");
        }
        Duration maxRetryDelay = Duration.ofSeconds(integer("MAX_RETRY_DELAY_SECONDS", 900, 10, 43_200));
        Duration grace = Duration.ofSeconds(integer("SHUTDOWN_GRACE_SECONDS", 25, 0, 3600));
        int httpPort = integer("HTTP_PORT", 8080, 0, 65_535);
        String httpHost = string("HTTP_HOST", "0.0.0.0");
        // Default keys are rewritten on every overwrite: a browser or CDN must look again within minutes.
        // With {etag} in the template each version has its own keys, and they never change.
        String cacheControl = string("CACHE_CONTROL", template.usesSourceETag() ? IMMUTABLE_CACHE_CONTROL
                : CHANGING_CACHE_CONTROL);
        Config.LogFormat logFormat = parse("LOG_FORMAT", "json", v -> switch (v.toLowerCase(Locale.ROOT)) {
            case "json" -> Config.LogFormat.JSON;
            case "text" -> Config.LogFormat.TEXT;
            default -> throw new IllegalArgumentException("'" + v + "' must be json (one line per event) or text");
        });
        if (sourceBuckets.isEmpty()) {
            problem("SOURCE_BUCKETS", "", "must name at least one bucket, e.g. 'uploads'");
        }
        if (sourceBuckets.size() > 1) {
            // Output and manifest keys come from the source key alone: a/x.jpg and b/x.jpg would share
            // their renditions, and deleting one would remove the other's.
            problem("SOURCE_BUCKETS", String.join(",", sourceBuckets), "names several buckets, but outputs are keyed"
                    + " by the source key alone, so the same key in two buckets would share (and delete) each"
                    + " other's renditions: run one imagepipe per source bucket, each with its own "
                    + PREFIX + "OUTPUT_PREFIX or " + PREFIX + "OUTPUT_BUCKET");
        }
        // Every value above is valid or its fallback, so the Config can be built even when there are problems;
        // the recursion check joins the others instead of showing up only after they are fixed.
        Config config = new Config(sourceBuckets, outputBucket, outputPrefix, template, renditions, cacheControl,
                queueUrl, dlqUrl, region, s3Endpoint, sqsEndpoint, pathStyle, workers, maxInflight, pixelBudget,
                new Limits(maxBytes, maxPixels), visibility, heartbeat, maxRetryDelay, grace, httpPort, httpHost,
                logFormat);
        if (!config.outputDistinguishable()) {
            problems.add(PREFIX + "OUTPUT_BUCKET '" + outputBucket + "' is also a source bucket ("
                    + PREFIX + "SOURCE_BUCKETS) and output keys have no prefix of their own, so every rendition"
                    + " would be processed again: set " + PREFIX + "OUTPUT_PREFIX (e.g. 'processed/') or use"
                    + " another output bucket");
        }
        if (!problems.isEmpty()) {
            throw new ConfigException(problems);
        }
        return config;
    }

    private String raw(String name) {
        String value = env.get(PREFIX + name);
        if (value == null) {
            value = defaults.get(PREFIX + name);
        }
        return value == null ? null : value.strip();
    }

    private String string(String name, String fallback) {
        String value = raw(name);
        return value == null || value.isEmpty() ? fallback : value;
    }

    private List<String> list(String name, String fallback) {
        return Arrays.stream(string(name, fallback).split(",")).map(String::strip).filter(s -> !s.isEmpty()).toList();
    }

    private <T> T parse(String name, String fallback, Function<String, T> parser) {
        String value = string(name, fallback);
        try {
            return parser.apply(value);
        } catch (IllegalArgumentException e) {
            problems.add(PREFIX + name + ": " + e.getMessage());
            return parser.apply(fallback);
        }
    }

    private Optional<URI> uri(String name) {
        String value = string(name, null);
        if (value == null) {
            return Optional.empty();
        }
        try {
            URI uri = new URI(value);
            if (uri.getScheme() == null || uri.getHost() == null
                    || !uri.getScheme().equals("http") && !uri.getScheme().equals("https")) {
                throw new IllegalArgumentException("not an http(s) URL");
            }
            return Optional.of(uri);
        } catch (Exception e) {
            problem(name, value, "is not an http(s) URL such as http://127.0.0.1:9000");
            return Optional.empty();
        }
    }

    private boolean bool(String name, boolean fallback) {
        String value = string(name, null);
        if (value == null) {
            return fallback;
        }
        return switch (value.toLowerCase(Locale.ROOT)) {
            case "true", "1", "yes" -> true;
            case "false", "0", "no" -> false;
            default -> {
                problem(name, value, "must be true or false");
                yield fallback;
            }
        };
    }

    private int integer(String name, int fallback, int min, int max) {
        return (int) longValue(name, fallback, min, max);
    }

    private long longValue(String name, long fallback, long min, long max) {
        String value = string(name, null);
        if (value == null) {
            return fallback;
        }
        try {
            long n = Long.parseLong(value.replace("_", ""));
            if (n >= min && n <= max) {
                return n;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        problem(name, value, "must be a whole number from " + min + " to " + max);
        return fallback;
    }

    private void problem(String name, String value, String fix) {
        problems.add(PREFIX + name + "='" + value + "' " + fix);
    }
}

package io.imagepipe.loadtest;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * Every parameter of the simulations, read from {@code -Dloadtest.*} system properties so the same
 * simulations run against local mode and against a deployed cluster. Defaults fit local mode on its
 * default ports. All problems are reported at once, each naming the property.
 *
 * @param apiUrl          base URL of the service's HTTP API (browser flow)
 * @param apiToken        bearer token for {@code /api/*}, empty when the API is open
 * @param s3Endpoint      S3 endpoint; {@code https://s3.<region>.amazonaws.com} for AWS
 * @param s3PathStyle     path-style bucket addressing (local mode, MinIO) or virtual-hosted (AWS)
 * @param region          SigV4 signing region
 * @param accessKey       access key id; empty: the AWS default credentials chain
 * @param secretKey       secret access key (with accessKey)
 * @param sessionToken    session token of temporary credentials, empty if none
 * @param sourceBucket    where uploads go (a source bucket of the service)
 * @param outputBucket    where the service writes renditions and manifests
 * @param outputPrefix    the service's IMAGEPIPE_OUTPUT_PREFIX (manifests live under it)
 * @param keyPrefix       prefix of every key this run uploads; a run id is appended
 * @param megapixels      image sizes of the feeder, in megapixels
 * @param imagesPerSize   distinct generated images per size
 * @param imageDir        where generated images are cached between runs
 * @param burstImages     burst simulation: uploads sent at once
 * @param users           browser flow simulation: users (one upload each), arriving over {@code ramp}
 * @param usersPerSec     ramp simulation: arrival rate reached at the end of the ramp
 * @param ramp            ramp simulation: time from 0 to usersPerSec
 * @param hold            ramp simulation: time held at usersPerSec
 * @param flow            ramp simulation: {@code api} (browser flow) or {@code s3} (signed PUT)
 * @param pollInterval    first pause between two readiness polls of one upload (S3 flow; API flow after an early 404)
 * @param maxPollInterval the S3 flow's pauses grow by half each poll up to this
 * @param longPoll        API flow: the {@code ?wait=} seconds of each status request (0: short polling)
 * @param readyTimeout    an upload not ready after this long counts as failed
 * @param p95Limit        assertion: upload-to-ready p95 below this
 * @param minSuccessPercent assertion: share of successful requests and uploads
 */
public record Settings(URI apiUrl, String apiToken, URI s3Endpoint, boolean s3PathStyle, String region,
                       String accessKey, String secretKey, String sessionToken, String sourceBucket,
                       String outputBucket, String outputPrefix, String keyPrefix, List<Integer> megapixels,
                       int imagesPerSize, String imageDir, int burstImages, int users, double usersPerSec, Duration ramp,
                       Duration hold, String flow, Duration pollInterval, Duration maxPollInterval,
                       Duration longPoll, Duration readyTimeout, Duration p95Limit,
                       double minSuccessPercent) {

    public static final String PREFIX = "loadtest.";

    public static Settings fromSystemProperties() {
        return from(System.getProperties().entrySet().stream()
                .filter(e -> e.getKey().toString().startsWith(PREFIX))
                .collect(java.util.stream.Collectors.toMap(e -> e.getKey().toString(), e -> e.getValue().toString())));
    }

    public static Settings from(Map<String, String> properties) {
        Reader r = new Reader(properties);
        Settings s = new Settings(
                r.get("apiUrl", "http://127.0.0.1:8080", URI::create),
                r.get("apiToken", "", Function.identity()),
                r.get("s3Endpoint", "http://127.0.0.1:9000", URI::create),
                r.get("s3PathStyle", "true", Reader::bool),
                r.get("region", Optional.ofNullable(System.getenv("AWS_REGION")).orElse("us-east-1"), Function.identity()),
                r.get("accessKey", "", Function.identity()),
                r.get("secretKey", "", Function.identity()),
                r.get("sessionToken", "", Function.identity()),
                r.get("sourceBucket", "uploads", Function.identity()),
                r.get("outputBucket", "renditions", Function.identity()),
                r.get("outputPrefix", "", Function.identity()),
                r.get("keyPrefix", "loadtest/", Function.identity()),
                r.get("sizes", "1,4,12", Reader::positiveInts),
                r.get("imagesPerSize", "2", Reader::positiveInt),
                r.get("imageDir", "target/loadtest-images", Function.identity()),
                r.get("burstImages", "30", Reader::positiveInt),
                r.get("users", "12", Reader::positiveInt),
                r.get("usersPerSec", "1", Reader::positiveDouble),
                r.get("rampSeconds", "30", Reader::seconds),
                r.get("holdSeconds", "60", Reader::seconds),
                r.get("flow", "api", Reader::flow),
                r.get("pollIntervalMs", "200", Reader::millis),
                r.get("maxPollIntervalMs", "2000", Reader::millis),
                r.get("longPollSeconds", "20", Reader::secondsOrZero),
                r.get("readyTimeoutSeconds", "120", Reader::seconds),
                r.get("p95Ms", "30000", Reader::millis),
                r.get("minSuccessPercent", "99", Reader::positiveDouble));
        if (!s.accessKey.isEmpty() && s.secretKey.isEmpty()) {
            r.problems.add(PREFIX + "secretKey: required with " + PREFIX + "accessKey");
        }
        if (s.maxPollInterval.compareTo(s.pollInterval) < 0) {
            r.problems.add(PREFIX + "maxPollIntervalMs: must be at least " + PREFIX + "pollIntervalMs");
        }
        if (!s.outputPrefix.isEmpty() && !s.outputPrefix.endsWith("/")) {
            r.problems.add(PREFIX + "outputPrefix: must end in '/', as IMAGEPIPE_OUTPUT_PREFIX does");
        }
        if (!r.problems.isEmpty()) {
            throw new IllegalArgumentException("load test settings: " + String.join("; ", r.problems));
        }
        return s;
    }

    /** Where the service writes the manifest of {@code sourceKey} (DESIGN.md section 7). */
    public String manifestKey(String sourceKey) {
        return outputPrefix + "manifests/" + sourceKey + ".json";
    }

    public boolean hasStaticCredentials() {
        return !accessKey.isEmpty();
    }

    /** The settings in one line, for the start of a run's log. */
    public String describe() {
        return "api " + apiUrl + ", s3 " + s3Endpoint + (s3PathStyle ? " (path-style)" : " (virtual-hosted)")
                + ", region " + region + ", buckets " + sourceBucket + " -> " + outputBucket + outputPrefix
                + ", sizes " + megapixels + " MP x " + imagesPerSize + ", burst " + burstImages + ", users " + users
                + ", ramp to " + usersPerSec + "/s in " + ramp.toSeconds() + " s held " + hold.toSeconds() + " s ("
                + flow + "), poll " + pollInterval.toMillis() + "-" + maxPollInterval.toMillis() + " ms, long poll "
                + longPoll.toSeconds() + " s, timeout " + readyTimeout.toSeconds() + " s, assert p95 < " + p95Limit.toMillis() + " ms and >= " + minSuccessPercent + "% ok";
    }

    private static final class Reader {
        private final Map<String, String> properties;
        private final List<String> problems = new ArrayList<>();

        Reader(Map<String, String> properties) {
            this.properties = properties;
        }

        <T> T get(String name, String fallback, Function<String, T> parse) {
            String raw = properties.getOrDefault(PREFIX + name, fallback).strip();
            try {
                return parse.apply(raw);
            } catch (RuntimeException e) {
                problems.add(PREFIX + name + "=" + raw + ": " + e.getMessage());
                return parse.apply(fallback);
            }
        }

        static boolean bool(String s) {
            if (!s.equals("true") && !s.equals("false")) {
                throw new IllegalArgumentException("expected true or false");
            }
            return Boolean.parseBoolean(s);
        }

        static int positiveInt(String s) {
            int v;
            try {
                v = Integer.parseInt(s);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("expected a whole number");
            }
            if (v <= 0) {
                throw new IllegalArgumentException("must be at least 1");
            }
            return v;
        }

        static double positiveDouble(String s) {
            double v;
            try {
                v = Double.parseDouble(s);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("expected a number");
            }
            if (!(v > 0) || Double.isInfinite(v)) {
                throw new IllegalArgumentException("must be above 0");
            }
            return v;
        }

        static List<Integer> positiveInts(String s) {
            List<Integer> v = Arrays.stream(s.split(",")).map(String::strip).map(Reader::positiveInt).toList();
            if (v.isEmpty()) {
                throw new IllegalArgumentException("expected a comma-separated list such as 1,4,12");
            }
            return v;
        }

        static Duration seconds(String s) {
            return Duration.ofSeconds(positiveInt(s));
        }

        static Duration secondsOrZero(String s) {
            return s.equals("0") ? Duration.ZERO : seconds(s);
        }

        static Duration millis(String s) {
            return Duration.ofMillis(positiveInt(s));
        }

        static String flow(String s) {
            if (!s.equals("api") && !s.equals("s3")) {
                throw new IllegalArgumentException("expected api (the browser flow) or s3 (signed PUTs)");
            }
            return s;
        }
    }
}

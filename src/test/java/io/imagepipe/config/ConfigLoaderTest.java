package io.imagepipe.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.imagepipe.core.FitMode;
import io.imagepipe.core.Limits;
import io.imagepipe.core.RenditionSpec;
import java.net.URI;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** What {@link ConfigLoader} accepts, and that every refusal names the variable and says what to write. */
class ConfigLoaderTest {
    private static final String QUEUE = "https://sqs.us-east-1.amazonaws.com/123456789012/imagepipe-events";

    /** Loads {@code vars} (names without the IMAGEPIPE_ prefix) plus a queue URL unless one is given. */
    private static Config load(String... nameValuePairs) {
        return new ConfigLoader(env(nameValuePairs), Map.of()).load();
    }

    private static Map<String, String> env(String... nameValuePairs) {
        Map<String, String> env = new HashMap<>();
        env.put("IMAGEPIPE_QUEUE_URL", QUEUE);
        for (int i = 0; i < nameValuePairs.length; i += 2) {
            if (nameValuePairs[i + 1] == null) {
                env.remove("IMAGEPIPE_" + nameValuePairs[i]);
            } else {
                env.put("IMAGEPIPE_" + nameValuePairs[i], nameValuePairs[i + 1]);
            }
        }
        return env;
    }

    private static List<String> problems(String... nameValuePairs) {
        ConfigException e = catchThrowableOfType(ConfigException.class, () -> load(nameValuePairs));
        assertThat(e).as("a ConfigException for %s", Arrays.asList(nameValuePairs)).isNotNull();
        assertThat(e.getMessage()).startsWith("invalid configuration:");
        for (String problem : e.problems()) {
            assertThat(e.getMessage()).contains(problem);
        }
        return e.problems();
    }

    @Test
    void defaultsWithAQueueUrlAreValid() {
        Config c = load();

        assertThat(c.queueUrl()).isEqualTo(QUEUE);
        assertThat(c.sourceBuckets()).containsExactly("uploads");
        assertThat(c.outputBucket()).isEqualTo("renditions");
        assertThat(c.outputPrefix()).isEmpty();
        assertThat(c.keyTemplate()).hasToString("{rendition}/{dir}{name}.{ext}");
        assertThat(c.renditions()).extracting(RenditionSpec::name).containsExactly("thumb", "medium", "large");
        assertThat(c.renditions().get(0)).satisfies(r -> {
            assertThat(r.width()).isEqualTo(300);
            assertThat(r.height()).isEqualTo(300);
            assertThat(r.mode()).isEqualTo(FitMode.FILL);
            assertThat(r.quality()).isEqualTo(85);
        });
        assertThat(c.renditions().get(1)).satisfies(r -> {
            assertThat(r.width()).isEqualTo(800);
            assertThat(r.height()).isZero();
            assertThat(r.mode()).isEqualTo(FitMode.FIT);
        });
        assertThat(c.dlqUrl()).isEmpty();
        assertThat(c.region()).isEqualTo("us-east-1");
        assertThat(c.s3Endpoint()).isEmpty();
        assertThat(c.sqsEndpoint()).isEmpty();
        assertThat(c.s3PathStyle()).isFalse();
        assertThat(c.workers()).isEqualTo(Runtime.getRuntime().availableProcessors());
        assertThat(c.maxInflight()).isEqualTo(2 * c.workers());
        assertThat(c.limits()).isEqualTo(Limits.DEFAULT);
        assertThat(c.pixelBudget()).isGreaterThanOrEqualTo(c.limits().maxSourcePixels());
        assertThat(c.visibilityTimeout()).isEqualTo(Duration.ofSeconds(60));
        assertThat(c.heartbeat()).isEqualTo(Duration.ofSeconds(20));
        assertThat(c.maxRetryDelay()).isEqualTo(Duration.ofSeconds(900));
        assertThat(c.httpPort()).isEqualTo(8080);
        assertThat(c.logFormat()).isEqualTo(Config.LogFormat.JSON);
        assertThat(c.outputDistinguishable()).isTrue();
    }

    @Test
    void defaultsMapFillsInWhatTheEnvironmentLeavesOut() {
        Map<String, String> env = Map.of("IMAGEPIPE_QUEUE_URL", QUEUE, "IMAGEPIPE_WORKERS", "3");
        Map<String, String> defaults = Map.of("IMAGEPIPE_WORKERS", "7", "IMAGEPIPE_S3_ENDPOINT", "http://127.0.0.1:9000",
                "IMAGEPIPE_MEMORY_BUDGET_MB", "1024");

        Config c = new ConfigLoader(env, defaults).load();

        assertThat(c.workers()).as("the environment wins over the defaults").isEqualTo(3);
        assertThat(c.s3Endpoint()).contains(URI.create("http://127.0.0.1:9000"));
        assertThat(c.s3PathStyle()).as("an endpoint override turns path style on").isTrue();
    }

    @Test
    void valuesAreReadAndTrimmed() {
        Config c = load("SOURCE_BUCKETS", " a ,,", "OUTPUT_BUCKET", "out", "OUTPUT_PREFIX", "processed/",
                "RENDITIONS", "small=100x100:fill:png,big=2000x0:fit:70", "DLQ_URL", QUEUE + "-dlq",
                "WORKERS", " 4 ", "MAX_INFLIGHT", "1_000", "MEMORY_BUDGET_MB", "2048",
                "MAX_SOURCE_PIXELS", "100000000", "VISIBILITY_TIMEOUT_SECONDS", "90", "LOG_FORMAT", "text",
                "SQS_ENDPOINT", "https://sqs.local:9324", "S3_PATH_STYLE", "yes");

        assertThat(c.sourceBuckets()).containsExactly("a");
        assertThat(c.outputPrefix()).isEqualTo("processed/");
        assertThat(c.renditions()).extracting(RenditionSpec::toString)
                .containsExactly("small=100x100:fill:png:85", "big=2000x0:fit:70");
        assertThat(c.dlqUrl()).contains(QUEUE + "-dlq");
        assertThat(c.workers()).isEqualTo(4);
        assertThat(c.maxInflight()).isEqualTo(1000);
        assertThat(c.pixelBudget()).isEqualTo(2048L * 1024 * 1024 / 8);
        assertThat(c.limits().maxSourcePixels()).isEqualTo(100_000_000L);
        assertThat(c.heartbeat()).as("a third of the visibility timeout").isEqualTo(Duration.ofSeconds(30));
        assertThat(c.logFormat()).isEqualTo(Config.LogFormat.TEXT);
        assertThat(c.sqsEndpoint()).contains(URI.create("https://sqs.local:9324"));
        assertThat(c.s3PathStyle()).isTrue();
    }

    @Test
    void aMissingQueueUrlIsRefusedWithAnExample() {
        assertThat(problems("QUEUE_URL", null)).singleElement().asString()
                .contains("IMAGEPIPE_QUEUE_URL").contains("not set").contains("https://sqs.");
        assertThat(problems("QUEUE_URL", "  ")).singleElement().asString().contains("IMAGEPIPE_QUEUE_URL");
    }

    @Test
    void aBadNumberNamesTheVariableAndTheRange() {
        assertThat(problems("WORKERS", "four")).singleElement().asString()
                .contains("IMAGEPIPE_WORKERS='four'").contains("whole number from 1 to 1024");
        assertThat(problems("WORKERS", "0")).singleElement().asString()
                .contains("IMAGEPIPE_WORKERS='0'").contains("from 1 to 1024");
        assertThat(problems("HTTP_PORT", "70000")).singleElement().asString()
                .contains("IMAGEPIPE_HTTP_PORT='70000'").contains("from 0 to 65535");
        assertThat(problems("MAX_SOURCE_BYTES", "50MB")).singleElement().asString()
                .contains("IMAGEPIPE_MAX_SOURCE_BYTES='50MB'").contains("whole number");
    }

    @Test
    void aBadUrlNamesTheVariableAndGivesAnExample() {
        assertThat(problems("S3_ENDPOINT", "localhost:9000")).singleElement().asString()
                .contains("IMAGEPIPE_S3_ENDPOINT='localhost:9000'").contains("http(s) URL such as http://");
        assertThat(problems("SQS_ENDPOINT", "ftp://queue.example.com")).singleElement().asString()
                .contains("IMAGEPIPE_SQS_ENDPOINT='ftp://queue.example.com'");
        assertThat(problems("SQS_ENDPOINT", "http://")).singleElement().asString()
                .contains("IMAGEPIPE_SQS_ENDPOINT='http://'");
    }

    @Test
    void aBadBooleanNamesTheVariable() {
        assertThat(problems("S3_PATH_STYLE", "maybe")).singleElement().asString()
                .contains("IMAGEPIPE_S3_PATH_STYLE='maybe'").contains("true or false");
    }

    @Test
    void aBadRenditionSpecQuotesThePartThatIsWrong() {
        assertThat(problems("RENDITIONS", "thumb=300x300:fill,medium=800:fit")).singleElement().asString()
                .startsWith("IMAGEPIPE_RENDITIONS: ").contains("'medium=800:fit'").contains("WIDTHxHEIGHT");
        assertThat(problems("RENDITIONS", "thumb=300x0:fill")).singleElement().asString()
                .startsWith("IMAGEPIPE_RENDITIONS: ").contains("fill needs both a width and a height");
        assertThat(problems("RENDITIONS", "a=10x10,a=20x20")).singleElement().asString()
                .startsWith("IMAGEPIPE_RENDITIONS: ").contains("used twice");
        assertThat(problems("RENDITIONS", "a=10x10:webp")).singleElement().asString()
                .startsWith("IMAGEPIPE_RENDITIONS: ").contains("jpeg or png");
    }

    @Test
    void aBadKeyTemplateSaysWhatIsMissing() {
        assertThat(problems("KEY_TEMPLATE", "{rendition}/{file}.{ext}")).singleElement().asString()
                .startsWith("IMAGEPIPE_KEY_TEMPLATE: ").contains("unknown placeholder '{file}'")
                .contains("{rendition} {dir} {name} {ext} {key}");
        assertThat(problems("KEY_TEMPLATE", "out/{name}.jpg")).singleElement().asString()
                .startsWith("IMAGEPIPE_KEY_TEMPLATE: ").contains("must contain {rendition} or {ext}");
        assertThat(problems("KEY_TEMPLATE", "out/{rendition}.{ext}")).singleElement().asString()
                .startsWith("IMAGEPIPE_KEY_TEMPLATE: ").contains("must contain {name} or {key}");
        assertThat(problems("KEY_TEMPLATE", "{rendition/{name}")).singleElement().asString()
                .startsWith("IMAGEPIPE_KEY_TEMPLATE: ");
    }

    @Test
    void aHeartbeatNotShorterThanTheVisibilityTimeoutIsRefused() {
        assertThat(problems("VISIBILITY_TIMEOUT_SECONDS", "30", "HEARTBEAT_SECONDS", "30")).singleElement().asString()
                .contains("IMAGEPIPE_HEARTBEAT_SECONDS='30'").contains("IMAGEPIPE_VISIBILITY_TIMEOUT_SECONDS (30)")
                .contains("must be shorter");
        assertThat(problems("VISIBILITY_TIMEOUT_SECONDS", "30", "HEARTBEAT_SECONDS", "45")).singleElement()
                .asString().contains("IMAGEPIPE_HEARTBEAT_SECONDS='45'");
        assertThat(load("VISIBILITY_TIMEOUT_SECONDS", "30", "HEARTBEAT_SECONDS", "29").heartbeat())
                .isEqualTo(Duration.ofSeconds(29));
    }

    @Test
    void anOutputPrefixWithoutTrailingSlashIsRefused() {
        assertThat(problems("OUTPUT_PREFIX", "processed")).singleElement().asString()
                .contains("IMAGEPIPE_OUTPUT_PREFIX='processed'").contains("must end with '/'");
    }

    @Test
    void maxSourcePixelsBeyondTheMemoryBudgetIsRefused() {
        // 16 MB hold 16 * 2^20 / 8 = 2,097,152 pixels; the default limit is 50,000,000.
        assertThat(problems("MEMORY_BUDGET_MB", "16")).singleElement().asString()
                .contains("IMAGEPIPE_MAX_SOURCE_PIXELS='50000000'").contains("IMAGEPIPE_MEMORY_BUDGET_MB (16 MB)")
                .contains("2097152 pixels").contains("raise the budget").contains("lower the limit");

        Config fits = load("MEMORY_BUDGET_MB", "16", "MAX_SOURCE_PIXELS", "2097152");
        assertThat(fits.pixelBudget()).isEqualTo(2_097_152L);
        assertThat(fits.limits().maxSourcePixels()).isEqualTo(2_097_152L);
    }

    @Test
    void noSourceBucketIsRefused() {
        assertThat(problems("SOURCE_BUCKETS", " , ")).singleElement().asString()
                .contains("IMAGEPIPE_SOURCE_BUCKETS").contains("at least one bucket");
    }

    @Test
    void aBadLogFormatNamesTheVariableAndTheChoices() {
        assertThat(problems("LOG_FORMAT", "xml")).singleElement().asString()
                .startsWith("IMAGEPIPE_LOG_FORMAT: ").contains("'xml'").contains("json").contains("text")
                .doesNotContain("No enum constant");
    }

    @Test
    void severalProblemsAreReportedTogether() {
        List<String> problems = problems("QUEUE_URL", null, "WORKERS", "lots", "S3_ENDPOINT", "nowhere",
                "RENDITIONS", "thumb", "KEY_TEMPLATE", "{nope}", "OUTPUT_PREFIX", "out",
                "VISIBILITY_TIMEOUT_SECONDS", "10", "HEARTBEAT_SECONDS", "10", "MEMORY_BUDGET_MB", "16");

        assertThat(problems).hasSize(8);
        assertThat(String.join("\n", problems)).contains("IMAGEPIPE_QUEUE_URL", "IMAGEPIPE_WORKERS",
                "IMAGEPIPE_S3_ENDPOINT", "IMAGEPIPE_RENDITIONS", "IMAGEPIPE_KEY_TEMPLATE", "IMAGEPIPE_OUTPUT_PREFIX",
                "IMAGEPIPE_HEARTBEAT_SECONDS", "IMAGEPIPE_MAX_SOURCE_PIXELS");
    }

    @Test
    void outputInASourceBucketIsRefusedWhenItsKeysCannotBeToldApart() {
        List<String> problems = problems("SOURCE_BUCKETS", "uploads", "OUTPUT_BUCKET", "uploads",
                "KEY_TEMPLATE", "{dir}{name}-{rendition}.{ext}");

        assertThat(problems).singleElement().asString().contains("IMAGEPIPE_OUTPUT_BUCKET 'uploads'")
                .contains("IMAGEPIPE_SOURCE_BUCKETS").contains("set IMAGEPIPE_OUTPUT_PREFIX")
                .contains("another output bucket");
    }

    @Test
    void severalSourceBucketsAreRefusedBecauseTheirOutputsWouldCollide() {
        assertThat(problems("SOURCE_BUCKETS", "a,b")).singleElement().asString()
                .contains("IMAGEPIPE_SOURCE_BUCKETS").contains("one imagepipe per source bucket");
    }

    @Test
    void renditionsAtKeysThatChangeAreCachedForMinutesAndContentAddressedOnesForever() {
        assertThat(load().cacheControl()).isEqualTo("public, max-age=300");
        assertThat(load("KEY_TEMPLATE", "{rendition}/{dir}{name}.{etag}.{ext}").cacheControl())
                .isEqualTo("public, max-age=31536000, immutable");
        assertThat(load("KEY_TEMPLATE", "{rendition}/{key}.{etag}.{ext}", "CACHE_CONTROL", "no-cache").cacheControl())
                .as("an explicit value wins").isEqualTo("no-cache");
    }

    @Test
    void theRecursionProblemIsReportedWithTheOthers() {
        List<String> problems = problems("OUTPUT_BUCKET", "uploads", "KEY_TEMPLATE", "{name}.{rendition}.{ext}",
                "WORKERS", "many");

        assertThat(problems).hasSize(2);
        assertThat(String.join("\n", problems)).contains("IMAGEPIPE_WORKERS", "IMAGEPIPE_OUTPUT_BUCKET");
    }

    @Test
    void outputInASourceBucketIsAcceptedWithAPrefix() {
        Config c = load("OUTPUT_BUCKET", "uploads", "OUTPUT_PREFIX", "processed/",
                "KEY_TEMPLATE", "{name}-{rendition}.{ext}");

        assertThat(c.outputDistinguishable()).isTrue();
        assertThat(c.outputKeyPrefixes()).containsExactly("processed/");
        assertThat(c.renditionKey("photos/cat.png", "thumb", "png")).isEqualTo("processed/cat-thumb.png");
        assertThat(c.manifestKey("photos/cat.png")).isEqualTo("processed/manifests/photos/cat.png.json");
        assertThat(c.isOutputLocation("uploads", "processed/cat-thumb.png")).isTrue();
        assertThat(c.isOutputLocation("uploads", "processed/manifests/photos/cat.png.json")).isTrue();
        assertThat(c.isOutputLocation("uploads", "photos/cat.png")).isFalse();
        assertThat(c.isOutputLocation("elsewhere", "processed/cat-thumb.png")).isFalse();
    }

    @Test
    void outputInASourceBucketIsAcceptedWhenKeysStartWithTheRenditionName() {
        Config c = load("OUTPUT_BUCKET", "uploads");

        assertThat(c.outputDistinguishable()).isTrue();
        assertThat(c.outputKeyPrefixes()).containsExactly("manifests/", "thumb/", "medium/", "large/");
        assertThat(c.isOutputLocation("uploads", "thumb/photos/2024/cat.jpg")).isTrue();
        assertThat(c.isOutputLocation("uploads", "manifests/photos/2024/cat.jpeg.json")).isTrue();
        assertThat(c.isOutputLocation("uploads", "photos/2024/cat.jpeg")).isFalse();
        assertThat(c.isOutputLocation("uploads", "thumbnails/cat.jpeg")).as("'thumb/' is the prefix, not 'thumb'")
                .isFalse();
    }

    @Test
    void aLiteralTemplatePrefixAlsoTellsOutputsApart() {
        Config c = load("OUTPUT_BUCKET", "uploads", "KEY_TEMPLATE", "processed-{name}.{ext}");

        assertThat(c.outputDistinguishable()).isTrue();
        assertThat(c.outputKeyPrefixes()).containsExactly("manifests/", "processed-");
        assertThat(c.renditionKey("photos/2024/cat.jpeg", "thumb", "jpg")).isEqualTo("processed-cat.jpg");
        assertThat(c.isOutputLocation("uploads", "processed-cat.jpg")).isTrue();
    }

    @Test
    void theDefaultTemplateMapsASourceKeyUnderTheRenditionName() {
        Config c = load();

        assertThat(c.renditionKey("photos/2024/cat.jpeg", "thumb", "jpg")).isEqualTo("thumb/photos/2024/cat.jpg");
        assertThat(c.renditionKey("cat.jpeg", "large", "jpg")).isEqualTo("large/cat.jpg");
        assertThat(c.renditionKey("a/b/noextension", "medium", "png")).isEqualTo("medium/a/b/noextension.png");
        assertThat(c.renditionKey("a/archive.tar.gz", "thumb", "jpg")).isEqualTo("thumb/a/archive.tar.jpg");
        assertThat(c.manifestKey("photos/2024/cat.jpeg")).isEqualTo("manifests/photos/2024/cat.jpeg.json");
        // Only keys in the output bucket are output locations; the same key in a source bucket is a source.
        assertThat(c.isOutputLocation("renditions", "thumb/photos/2024/cat.jpg")).isTrue();
        assertThat(c.isOutputLocation("uploads", "thumb/photos/2024/cat.jpg")).isFalse();
    }

    @Test
    void theKeyPlaceholderKeepsTheWholeSourceKey() {
        Config c = load("OUTPUT_PREFIX", "out/", "KEY_TEMPLATE", "{key}/{rendition}.{ext}");

        assertThat(c.renditionKey("photos/cat.jpeg", "thumb", "jpg")).isEqualTo("out/photos/cat.jpeg/thumb.jpg");
        assertThat(c.outputKeyPrefixes()).containsExactly("out/");
    }

    @Test
    void configIsImmutable() {
        Config c = load();

        assertThat(c.sourceBuckets()).isUnmodifiable();
        assertThat(c.renditions()).isUnmodifiable();
        assertThat(c.outputKeyPrefixes()).isUnmodifiable();
        assertThat(c.dlqUrl()).isEqualTo(Optional.empty());
    }

    @Test
    void deadLetterQueueThatIsTheQueueItselfIsRefused() {
        assertThat(problems("DLQ_URL", QUEUE)).singleElement().asString()
                .contains("IMAGEPIPE_DLQ_URL").contains("the queue itself");
    }
}

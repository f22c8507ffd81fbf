package io.imagepipe.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.imagepipe.config.ConfigLoader;
import io.imagepipe.core.RenditionSpecParser;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/** The chart's values against the service's configuration, and values.schema.json refusing wrong values. */
class ChartValuesTest {

    @Test
    void theServiceReadsTheVariablesTheReadmeDocuments() {
        Set<String> variables = ConfigVariables.read();
        assertThat(variables).contains("IMAGEPIPE_QUEUE_URL", "IMAGEPIPE_WORKERS", "IMAGEPIPE_SHUTDOWN_GRACE_SECONDS",
                "IMAGEPIPE_VISIBILITY_TIMEOUT_SECONDS", "IMAGEPIPE_S3_PATH_STYLE");
        String readme = Repository.read(Repository.README);
        assertThat(variables).allSatisfy(v -> assertThat(readme).as("README documents " + v).contains("`" + v + "`"));
    }

    @Test
    void everyVariableTheServiceReadsHasAChartValueASchemaEntryAndReachesThePod() throws Exception {
        Set<String> variables = ConfigVariables.read();
        Map<String, Object> config = Yaml.map(Yaml.document(Repository.read(Repository.CHART.resolve("values.yaml"))).get("config"));
        JsonNode schema = new ObjectMapper().readTree(Repository.CHART.resolve("values.schema.json").toFile())
                .at("/properties/config/properties");
        List<String> missing = new ArrayList<>();
        StringBuilder everySet = new StringBuilder("config:\n");
        for (String variable : variables) {
            String key = ConfigVariables.chartKey(variable);
            if (!config.containsKey(key)) {
                missing.add(variable + " has no chart value: add config." + key + " to helm/imagepipe/values.yaml");
            }
            if (!schema.has(key)) {
                missing.add(variable + " has no schema entry: add config." + key + " to helm/imagepipe/values.schema.json");
            }
        }
        assertThat(missing).isEmpty();
        Set<String> unknown = new TreeSet<>();
        for (String key : config.keySet()) {
            if (!variables.contains(ConfigLoader.PREFIX + snake(key))) {
                unknown.add("config." + key + " (IMAGEPIPE_" + snake(key) + ")");
            }
        }
        assertThat(unknown).as("chart values for variables the service does not read").isEmpty();

        // With every value given, every variable is set on the container under its own name.
        Map<String, String> sample = Map.ofEntries(Map.entry("queueUrl", "https://sqs.eu-west-1.amazonaws.com/1/q"),
                Map.entry("s3PathStyle", "true"), Map.entry("logFormat", "text"), Map.entry("outputPrefix", "out/"),
                Map.entry("renditions", "thumb=100x100:fill"), Map.entry("dlqUrl", "https://sqs.eu-west-1.amazonaws.com/1/d"),
                Map.entry("s3Endpoint", "https://s3.example.com"), Map.entry("sqsEndpoint", "https://sqs.example.com"),
                Map.entry("keyTemplate", "\"{rendition}/{key}\""), Map.entry("cacheControl", "no-cache"),
                Map.entry("region", "eu-west-1"), Map.entry("httpHost", "0.0.0.0"), Map.entry("heartbeatSeconds", "30"),
                Map.entry("visibilityTimeoutSeconds", "120"), Map.entry("shutdownGraceSeconds", "25"),
                Map.entry("httpPort", "8080"), Map.entry("memoryBudgetMb", "512"), Map.entry("maxSourcePixels", "40000000"),
                Map.entry("sourceBuckets", "uploads"), Map.entry("outputBucket", "renditions"));
        for (String variable : variables) {
            String key = ConfigVariables.chartKey(variable);
            everySet.append("  ").append(key).append(": ").append(sample.getOrDefault(key, "60")).append('\n');
        }
        Map<String, String> env = HelmChart.render(everySet.toString()).env();
        assertThat(env.keySet()).containsAll(variables);
    }

    private static String snake(String key) {
        return key.replaceAll("([a-z0-9])([A-Z])", "$1_$2").toUpperCase(java.util.Locale.ROOT);
    }

    @Test
    void schemaRefusesANegativeReplicaCount() {
        assertThatThrownBy(() -> HelmChart.render("replicaCount: -1\n")).hasMessageContaining("replicaCount")
                .hasMessageContaining("minimum");
        assertThatThrownBy(() -> HelmChart.render("autoscaling:\n  maxReplicas: 0\n")).hasMessageContaining("maxReplicas");
    }

    @Test
    void schemaRefusesAnUnknownKeyAnywhere() {
        assertThatThrownBy(() -> HelmChart.render("replicas: 3\n")).hasMessageContaining("replicas");
        assertThatThrownBy(() -> HelmChart.render("config:\n  worker: 4\n")).hasMessageContaining("worker");
        assertThatThrownBy(() -> HelmChart.render("autoscaling:\n  keda:\n    queuelength: 4\n"))
                .hasMessageContaining("queuelength");
    }

    @Test
    void schemaRefusesABadRenditionSpecAndAcceptsWhatTheServiceAccepts() {
        for (String bad : List.of("thumb=300", "thumb=300x300:stretch", "=300x300", "thumb 300x300", "thumb=300x300:fill:gif9")) {
            assertThatThrownBy(() -> HelmChart.render("config:\n  renditions: \"" + bad + "\"\n"))
                    .as(bad).hasMessageContaining("renditions");
            assertThatThrownBy(() -> new RenditionSpecParser().parse(bad)).as("the service refuses " + bad)
                    .isInstanceOf(IllegalArgumentException.class);
        }
        for (String good : List.of(RenditionSpecParser.DEFAULT, "a=1x0", "hero=2400x0:fit:jpeg:80, avatar=128x128:FILL:png",
                "x_1-y=10x20:jpg:100")) {
            new RenditionSpecParser().parse(good);
            assertThat(HelmChart.render("config:\n  renditions: \"" + good + "\"\n").env())
                    .containsEntry("IMAGEPIPE_RENDITIONS", good);
        }
    }

    @Test
    void schemaRefusesWrongTypesAndChoices() {
        assertThatThrownBy(() -> HelmChart.render("config:\n  workers: two\n")).hasMessageContaining("workers");
        assertThatThrownBy(() -> HelmChart.render("autoscaling:\n  keda:\n    identityOwner: node\n"))
                .hasMessageContaining("identityOwner");
        assertThatThrownBy(() -> HelmChart.render("serviceAccount:\n  roleArn: my-role\n")).hasMessageContaining("roleArn");
        assertThatThrownBy(() -> HelmChart.render("extraEnv:\n  - name: IMAGEPIPE_WORKERS\n    value: \"3\"\n"))
                .hasMessageContaining("extraEnv");
    }
}

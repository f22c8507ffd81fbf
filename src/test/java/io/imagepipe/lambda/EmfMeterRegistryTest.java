package io.imagepipe.lambda;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.imagepipe.pipeline.PipelineMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/** The Lambda's metrics are the service's: same names and labels, written as CloudWatch EMF. */
class EmfMeterRegistryTest {

    private static void record(PipelineMetrics metrics) {
        metrics.outcome("processed");
        metrics.outcome("processed");
        metrics.outcome("rejected");
        metrics.stage("decode", 40_000_000);
        metrics.stage("decode", 60_000_000);
        metrics.sourceBytes(12_345);
        metrics.outputBytes(999);
        metrics.gauge("imagepipe.pixel.budget.used.ratio", "share", () -> 0.25);
    }

    @Test
    void metricNamesAreThePrometheusNames() throws Exception {
        PrometheusMeterRegistry prometheus = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        record(new PipelineMetrics(prometheus));
        EmfMeterRegistry emf = new EmfMeterRegistry("imagepipe");
        record(new PipelineMetrics(emf));

        Set<String> emfNames = new TreeSet<>();
        for (String line : emf.drain(1_700_000_000_000L)) {
            JsonNode root = LambdaEvents.JSON.readTree(line);
            emfNames.add(root.path("_aws").path("CloudWatchMetrics").get(0).path("Metrics").get(0).path("Name").asText());
        }
        Set<String> prometheusNames = new TreeSet<>();
        for (String line : prometheus.scrape().split("\n")) {
            if (line.startsWith("# TYPE ")) {
                prometheusNames.add(line.split(" ")[2]);
            }
        }
        assertThat(prometheusNames).containsAll(emfNames);
        assertThat(emfNames).containsExactlyInAnyOrder("imagepipe_messages_total", "imagepipe_stage_seconds",
                "imagepipe_source_bytes", "imagepipe_output_bytes_total", "imagepipe_pixel_budget_used_ratio");
    }

    @Test
    void linesFollowTheEmbeddedMetricFormatAndCountOnlyWhatIsNew() throws Exception {
        EmfMeterRegistry emf = new EmfMeterRegistry("imagepipe-test");
        PipelineMetrics metrics = new PipelineMetrics(emf);
        record(metrics);
        List<JsonNode> lines = new ArrayList<>();
        for (String line : emf.drain(1_700_000_000_000L)) {
            assertThat(line).doesNotContain("\n");
            lines.add(LambdaEvents.JSON.readTree(line));
        }
        JsonNode processed = lines.stream().filter(l -> "processed".equals(l.path("outcome").asText())).findFirst().orElseThrow();
        JsonNode directive = processed.path("_aws").path("CloudWatchMetrics").get(0);
        assertThat(processed.path("_aws").path("Timestamp").asLong()).isEqualTo(1_700_000_000_000L);
        assertThat(directive.path("Namespace").asText()).isEqualTo("imagepipe-test");
        assertThat(directive.path("Dimensions").toString()).isEqualTo("[[\"outcome\"]]");
        assertThat(directive.path("Metrics").get(0).path("Unit").asText()).isEqualTo("Count");
        assertThat(processed.path("imagepipe_messages_total").asDouble()).isEqualTo(2);
        JsonNode decode = lines.stream().filter(l -> "decode".equals(l.path("stage").asText())).findFirst().orElseThrow();
        assertThat(decode.path("imagepipe_stage_seconds").toString()).isEqualTo("[0.04,0.06]");
        assertThat(decode.path("_aws").path("CloudWatchMetrics").get(0).path("Metrics").get(0).path("Unit").asText())
                .isEqualTo("Seconds");

        metrics.outcome("processed");
        List<String> next = emf.drain(1_700_000_001_000L);
        assertThat(next).filteredOn(l -> l.contains("imagepipe_messages_total")).singleElement()
                .satisfies(l -> assertThat(LambdaEvents.JSON.readTree(l).path("imagepipe_messages_total").asDouble()).isEqualTo(1));
        assertThat(next).noneMatch(l -> l.contains("imagepipe_stage_seconds"));
    }
}

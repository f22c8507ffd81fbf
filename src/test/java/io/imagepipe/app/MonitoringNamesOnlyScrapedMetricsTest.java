package io.imagepipe.app;

import static io.imagepipe.app.LocalService.eventually;
import static org.assertj.core.api.Assertions.assertThat;

import io.imagepipe.deploy.MonitoringQueries;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;

/**
 * Every metric the Grafana dashboard or an alert rule queries is one the service really exported
 * after processing images in local mode, or one that a named external exporter provides. A renamed
 * meter, or a panel with a typo, fails here instead of showing "No data" in production.
 */
class MonitoringNamesOnlyScrapedMetricsTest {

    @Test
    void everyMetricInTheDashboardAndTheAlertsIsScrapedFromTheService() throws Exception {
        Set<String> scraped;
        try (LocalService local = new LocalService(Map.of())) {
            local.s3.putObject(b -> b.bucket("uploads").key("metrics/cat.jpg"),
                    RequestBody.fromBytes(TestImages.jpeg(1200, 900)));
            local.s3.putObject(b -> b.bucket("uploads").key("metrics/broken.jpg"),
                    RequestBody.fromBytes(java.util.Arrays.copyOf(TestImages.jpeg(800, 600), 500)));
            eventually("both uploads are processed", () -> local.outcomes("processed") >= 1
                    && local.outcomes("rejected") >= 1);
            // Micrometer registers the GC pause timer at the first collection after start; a service that
            // runs for minutes always has one, a test that runs for seconds may not.
            System.gc();
            eventually("a GC pause is recorded", () -> local.mode.service().registry().find("jvm.gc.pause").timer() != null);
            scraped = sampleNames(HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(
                    "http://127.0.0.1:" + local.mode.service().httpPort() + "/metrics")).build(),
                    HttpResponse.BodyHandlers.ofString()).body());
        }
        Map<String, String> queries = MonitoringQueries.all();
        assertThat(queries).as("queries found in the dashboard and rules").hasSizeGreaterThan(15);
        List<String> unknown = new ArrayList<>();
        for (var query : queries.entrySet()) {
            Set<String> names = MonitoringQueries.metricNames(query.getValue());
            assertThat(names).as("metrics of " + query.getKey() + ": " + query.getValue()).isNotEmpty();
            for (String name : names) {
                if (!scraped.contains(name) && !MonitoringQueries.EXTERNAL.containsKey(name)) {
                    unknown.add(query.getKey() + " queries " + name);
                }
            }
        }
        assertThat(unknown).as("metrics that the service did not export (scraped: " + scraped + ")").isEmpty();
    }

    /** Sample names of a Prometheus text exposition (histogram buckets, _count and _sum included). */
    private static Set<String> sampleNames(String exposition) {
        Set<String> names = new TreeSet<>();
        for (String line : exposition.split("\n")) {
            if (!line.isBlank() && !line.startsWith("#")) {
                int end = 0;
                while (end < line.length() && line.charAt(end) != '{' && line.charAt(end) != ' ') {
                    end++;
                }
                names.add(line.substring(0, end));
            }
        }
        return names;
    }
}

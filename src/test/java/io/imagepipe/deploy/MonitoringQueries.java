package io.imagepipe.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Every PromQL expression the monitoring ships: the dashboard's panel targets and template
 * variable queries, and the alert rules of the chart rendered with rules on (once per queue-depth
 * source), each keyed by where it comes from.
 */
public final class MonitoringQueries {
    /** Series that other exporters provide, not imagepipe: name -> who exports it. */
    public static final Map<String, String> EXTERNAL = Map.of(
            "kube_pod_container_status_restarts_total", "kube-state-metrics",
            "keda_scaler_metrics_value", "the KEDA operator",
            "aws_sqs_approximate_number_of_messages_visible_average", "the Prometheus CloudWatch exporter",
            "aws_sqs_approximate_number_of_messages_not_visible_average", "the Prometheus CloudWatch exporter",
            "aws_sqs_approximate_age_of_oldest_message_maximum", "the Prometheus CloudWatch exporter");
    private static final Pattern LABEL_VALUES = Pattern.compile("^\\s*label_values\\((.*),\\s*[A-Za-z_]+\\s*\\)\\s*$",
            Pattern.DOTALL);

    private MonitoringQueries() {
    }

    /** where -> expression */
    public static Map<String, String> all() {
        Map<String, String> queries = new LinkedHashMap<>(dashboard());
        queries.putAll(alertRules());
        return queries;
    }

    public static Map<String, String> dashboard() {
        Map<String, String> queries = new LinkedHashMap<>();
        JsonNode dashboard;
        try {
            dashboard = new ObjectMapper().readTree(Repository.DASHBOARD.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        for (JsonNode panel : dashboard.path("panels")) {
            for (JsonNode target : panel.path("targets")) {
                if (target.has("expr")) {
                    queries.put("dashboard panel '" + panel.path("title").asText() + "' " + target.path("refId").asText(),
                            target.path("expr").asText());
                }
            }
        }
        for (JsonNode variable : dashboard.path("templating").path("list")) {
            if (variable.path("type").asText().equals("query")) {
                JsonNode q = variable.path("query");
                String query = q.isObject() ? q.path("query").asText() : q.asText();
                Matcher m = LABEL_VALUES.matcher(query);
                queries.put("dashboard variable $" + variable.path("name").asText(), m.matches() ? m.group(1) : query);
            }
        }
        return queries;
    }

    /** The alerts with each queue-depth source the chart knows: KEDA's metric, the CloudWatch exporter, neither. */
    public static Map<String, String> alertRules() {
        Map<String, String> queries = new LinkedHashMap<>();
        String on = "prometheusRule:\n  enabled: true\n";
        rules(queries, "KEDA", HelmChart.render(on));
        rules(queries, "CloudWatch", HelmChart.render(on + "  cloudwatchExporter: true\n"));
        rules(queries, "no KEDA", HelmChart.render(on, "autoscaling:\n  keda:\n    enabled: false\n"));
        return queries;
    }

    private static void rules(Map<String, String> queries, String variant, Manifests manifests) {
        for (Object group : Yaml.list(Yaml.at(manifests.one("PrometheusRule"), "spec.groups"))) {
            for (Object rule : Yaml.list(Yaml.map(group).get("rules"))) {
                Map<String, Object> r = Yaml.map(rule);
                queries.put("alert " + r.get("alert") + " (" + variant + ")", (String) r.get("expr"));
            }
        }
    }

    public static Set<String> metricNames(String expression) {
        return new TreeSet<>(PromQl.metricNames(expression));
    }
}

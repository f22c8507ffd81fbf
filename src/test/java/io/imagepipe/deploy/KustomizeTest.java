package io.imagepipe.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * The plain manifests in k8s/ built with {@code kubectl kustomize}: valid objects, locked down like
 * the chart, and equal to the chart's output for the same settings (the base to the chart without
 * an autoscaler, the EKS overlay to the chart's defaults), so neither drifts from the other.
 */
class KustomizeTest {
    /** Objects only one side has, and why. */
    private static final Map<String, String> ONLY_IN_CHART = Map.of("ConfigMap",
            "the dashboard lives beside the chart; kustomize may not load files outside k8s/");
    private static final Map<String, String> ONLY_IN_OVERLAY = Map.of("Namespace", "Helm installs into an existing namespace");

    @Test
    void baseEqualsTheChartWithoutAnAutoscaler() {
        Manifests base = Kustomize.build(Repository.KUSTOMIZE_BASE);
        Map<String, String> env = base.env();
        Manifests chart = HelmChart.render(
                "config:\n  queueUrl: " + env.get("IMAGEPIPE_QUEUE_URL") + "\naws:\n  region: " + env.get("AWS_REGION")
                        + "\nserviceAccount:\n  roleArn: \"\"\n"
                        + "autoscaling:\n  keda:\n    enabled: false\n  hpa:\n    enabled: false\n");
        assertEquivalent(base, chart);
    }

    @Test
    void eksOverlayEqualsTheChartDefaults() {
        Manifests overlay = Kustomize.build(Repository.KUSTOMIZE_EKS);
        Map<String, String> env = overlay.env();
        Manifests chart = HelmChart.render("config:\n  queueUrl: " + env.get("IMAGEPIPE_QUEUE_URL")
                + "\naws:\n  region: " + env.get("AWS_REGION") + "\nserviceAccount:\n  roleArn: "
                + Yaml.map(Yaml.at(overlay.one("ServiceAccount"), "metadata.annotations")).get("eks.amazonaws.com/role-arn"));
        assertEquivalent(overlay, chart);
    }

    @Test
    void overlayObjectsAreValidAndLockedDown() {
        Manifests overlay = Kustomize.build(Repository.KUSTOMIZE_EKS);
        for (Map<String, Object> object : overlay.objects()) {
            if (object.get("kind").equals("Namespace")) {
                assertThat(Yaml.at(object, "metadata.labels")).isInstanceOf(Map.class);
                assertThat(Yaml.map(Yaml.at(object, "metadata.labels")))
                        .containsEntry("pod-security.kubernetes.io/enforce", "restricted");
            } else if (CoreObjects.isCore(object)) {
                CoreObjects.validate(object);
                assertThat(Yaml.at(object, "metadata.namespace")).isEqualTo("imagepipe");
            }
        }
        Map<String, Object> container = overlay.container();
        assertThat(Yaml.at(container, "securityContext.readOnlyRootFilesystem")).isEqualTo(true);
        assertThat(Yaml.at(container, "securityContext.capabilities.drop")).isEqualTo(List.of("ALL"));
        assertThat(Yaml.at(overlay.podSpec(), "securityContext.seccompProfile.type")).isEqualTo("RuntimeDefault");
        assertThat(Yaml.at(overlay.one("Deployment"), "spec.replicas")).as("KEDA owns replicas").isNull();
        Map<String, Object> trigger = Yaml.map(Yaml.at(overlay.one("ScaledObject"), "spec.triggers.0.metadata"));
        assertThat(trigger.get("queueURL")).isEqualTo(overlay.env().get("IMAGEPIPE_QUEUE_URL"));
        assertThat(trigger.get("awsRegion")).isEqualTo(overlay.env().get("IMAGEPIPE_REGION"));
        assertThat(Yaml.at(overlay.one("TriggerAuthentication"), "spec.podIdentity.identityOwner")).isEqualTo("workload");
    }

    @Test
    void overlayKedaObjectsMatchTheirCrdSchemas() {
        CrdSchemas schemas = new CrdSchemas(Repository.sharedSchemas());
        Manifests overlay = Kustomize.build(Repository.KUSTOMIZE_EKS);
        List<Map<String, Object>> custom = overlay.objects().stream().filter(schemas::knows).toList();
        assertThat(custom).hasSize(2);
        for (Map<String, Object> object : custom) {
            assertThat(schemas.problems(object)).as(object.get("kind") + " against its CRD schema").isEmpty();
        }
    }

    private static void assertEquivalent(Manifests kustomized, Manifests chart) {
        Map<String, Map<String, Object>> left = byKindAndName(kustomized, ONLY_IN_OVERLAY);
        Map<String, Map<String, Object>> right = byKindAndName(chart, ONLY_IN_CHART);
        assertThat(left.keySet()).as("objects of k8s/ and of the chart").isEqualTo(right.keySet());
        for (String key : left.keySet()) {
            assertThat(normalize(left.get(key))).as(key + " in k8s/ against the chart")
                    .isEqualTo(normalize(right.get(key)));
        }
    }

    private static Map<String, Map<String, Object>> byKindAndName(Manifests manifests, Map<String, String> skipped) {
        Map<String, Map<String, Object>> objects = new TreeMap<>();
        for (Map<String, Object> object : manifests.objects()) {
            if (!skipped.containsKey((String) object.get("kind"))) {
                objects.put(object.get("kind") + "/" + Yaml.at(object, "metadata.name"), object);
            }
        }
        return objects;
    }

    /** Drops what only Helm adds (its labels, the config checksum), the namespace, and env order. */
    @SuppressWarnings("unchecked")
    private static Map<String, Object> normalize(Map<String, Object> object) {
        Map<String, Object> copy = (Map<String, Object>) deepCopy(object);
        Map<String, Object> metadata = Yaml.map(copy.get("metadata"));
        metadata.remove("namespace");
        for (Object labels : new Object[] {metadata.get("labels"), Yaml.at(copy, "spec.template.metadata.labels")}) {
            if (labels instanceof Map<?, ?> l) {
                l.remove("helm.sh/chart");
                l.remove("app.kubernetes.io/managed-by");
            }
        }
        if (Yaml.at(copy, "spec.template.metadata") instanceof Map<?, ?> podMetadata) {
            podMetadata.remove("annotations");
        }
        if (Yaml.at(copy, "spec.template.spec.containers") instanceof List<?> containers) {
            for (Object container : containers) {
                Map<String, Object> c = Yaml.map(container);
                List<Object> env = new ArrayList<>(Yaml.list(c.get("env")));
                env.sort(Comparator.comparing(e -> (String) Yaml.map(e).get("name")));
                c.put("env", env);
            }
        }
        return copy;
    }

    private static Object deepCopy(Object value) {
        if (value instanceof Map<?, ?> m) {
            Map<String, Object> copy = new LinkedHashMap<>();
            m.forEach((k, v) -> copy.put((String) k, deepCopy(v)));
            return copy;
        }
        if (value instanceof List<?> l) {
            return new ArrayList<>(l.stream().map(KustomizeTest::deepCopy).toList());
        }
        return value;
    }
}

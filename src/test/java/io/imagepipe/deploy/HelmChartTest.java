package io.imagepipe.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.marcnuri.helm.LintResult;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The chart rendered with helm-java's bundled Helm for the defaults and the value sets users pick,
 * every object parsed and checked field by field.
 */
class HelmChartTest {
    private static final String KEDA_OFF = "autoscaling:\n  keda:\n    enabled: false\n";
    private static final String MONITORING_ON = """
            serviceMonitor:
              enabled: true
            prometheusRule:
              enabled: true
            networkPolicy:
              enabled: true
            """;

    @Test
    void lintStrictPasses() {
        LintResult lint = HelmChart.lintStrict();
        assertThat(lint.isFailed()).as("helm lint --strict: " + lint.getMessages()).isFalse();
    }

    @Test
    void defaultsRenderTheWorkloadItsScalerAndItsDashboard() {
        assertThat(HelmChart.render().kinds()).containsExactly("ConfigMap", "Deployment", "PodDisruptionBudget",
                "ScaledObject", "Service", "ServiceAccount", "TriggerAuthentication");
    }

    @Test
    void withoutAQueueUrlTheChartRefusesToRenderAndSaysWhatToSet() {
        assertThatThrownBy(() -> HelmChart.render("config:\n  queueUrl: \"\"\n"))
                .hasMessageContaining("config.queueUrl is required");
    }

    @Test
    void everyCoreObjectOfEveryValueSetIsAValidKubernetesObject() {
        for (Manifests manifests : List.of(HelmChart.render(), HelmChart.render(KEDA_OFF), HelmChart.render(MONITORING_ON),
                HelmChart.render("autoscaling:\n  minReplicas: 0\n"),
                HelmChart.render(KEDA_OFF, "autoscaling:\n  hpa:\n    enabled: false\n"))) {
            long core = 0;
            for (Map<String, Object> object : manifests.objects()) {
                if (CoreObjects.isCore(object)) {
                    CoreObjects.validate(object);
                    core++;
                } else {
                    assertThat(object.get("apiVersion")).as("non-core object " + object.get("kind"))
                            .isIn("keda.sh/v1alpha1", "monitoring.coreos.com/v1");
                }
                assertThat(Yaml.at(object, "metadata.namespace")).isEqualTo(HelmChart.NAMESPACE);
                assertThat(Yaml.map(Yaml.at(object, "metadata.labels")))
                        .containsEntry("app.kubernetes.io/name", "imagepipe")
                        .containsEntry("app.kubernetes.io/instance", HelmChart.RELEASE);
            }
            assertThat(core).isGreaterThanOrEqualTo(4);
        }
    }

    @Test
    void kedaAndPrometheusOperatorObjectsMatchTheirPublishedCrdSchemas() {
        CrdSchemas schemas = new CrdSchemas(Repository.sharedSchemas());
        Manifests manifests = HelmChart.render(MONITORING_ON, "autoscaling:\n  minReplicas: 0\n");
        List<Map<String, Object>> custom = manifests.objects().stream().filter(schemas::knows).toList();
        assertThat(custom).extracting(o -> o.get("kind")).containsExactlyInAnyOrder("ScaledObject",
                "TriggerAuthentication", "ServiceMonitor", "PrometheusRule");
        for (Map<String, Object> object : custom) {
            assertThat(schemas.problems(object)).as(object.get("kind") + " against its CRD schema").isEmpty();
        }
    }

    @Test
    void crdSchemaCheckRefusesAMisspeltField() {
        CrdSchemas schemas = new CrdSchemas(Repository.sharedSchemas());
        Map<String, Object> scaledObject = HelmChart.render().one("ScaledObject");
        Yaml.map(scaledObject.get("spec")).put("minReplicas", 0);
        assertThat(schemas.problems(scaledObject)).extracting(Object::toString)
                .anySatisfy(p -> assertThat(p).contains("minReplicas"));
    }

    @Test
    void podRunsLockedDown() {
        Manifests manifests = HelmChart.render();
        Map<String, Object> pod = manifests.podSpec();
        assertThat(Yaml.at(pod, "securityContext.runAsNonRoot")).isEqualTo(true);
        assertThat((Integer) Yaml.at(pod, "securityContext.runAsUser")).isPositive();
        assertThat(Yaml.at(pod, "securityContext.seccompProfile.type")).isEqualTo("RuntimeDefault");
        assertThat(pod.get("automountServiceAccountToken")).isEqualTo(false);
        Map<String, Object> container = manifests.container();
        assertThat(Yaml.at(container, "securityContext.readOnlyRootFilesystem")).isEqualTo(true);
        assertThat(Yaml.at(container, "securityContext.allowPrivilegeEscalation")).isEqualTo(false);
        assertThat(Yaml.at(container, "securityContext.runAsNonRoot")).isEqualTo(true);
        assertThat(Yaml.at(container, "securityContext.capabilities.drop")).isEqualTo(List.of("ALL"));
        assertThat(Yaml.at(container, "securityContext.capabilities.add")).isNull();
        // The only writable place is a size-limited /tmp.
        assertThat(Yaml.at(container, "volumeMounts.0.mountPath")).isEqualTo("/tmp");
        assertThat(Yaml.at(pod, "volumes.0.emptyDir.sizeLimit")).isNotNull();
        assertThat(manifests.env().get("JAVA_TOOL_OPTIONS")).contains("-XX:MaxRAMPercentage=75");
        assertThat(container.get("args")).isEqualTo(List.of("serve"));
    }

    @Test
    void probesHitTheHealthEndpointsOnTheServicePort() {
        Manifests manifests = HelmChart.render("config:\n  httpPort: 9090\n");
        Map<String, Object> container = manifests.container();
        assertThat(Yaml.at(container, "ports.0.containerPort")).isEqualTo(9090);
        assertThat(Yaml.at(container, "ports.0.name")).isEqualTo("http");
        assertThat(manifests.env()).containsEntry("IMAGEPIPE_HTTP_PORT", "9090");
        assertThat(Yaml.at(container, "livenessProbe.httpGet.path")).isEqualTo("/health/live");
        assertThat(Yaml.at(container, "readinessProbe.httpGet.path")).isEqualTo("/health/ready");
        assertThat(Yaml.at(container, "startupProbe.httpGet.path")).isEqualTo("/health/live");
        for (String probe : List.of("livenessProbe", "readinessProbe", "startupProbe")) {
            assertThat(Yaml.at(container, probe + ".httpGet.port")).as(probe).isEqualTo("http");
        }
        assertThat(Yaml.at(manifests.one("Service"), "spec.ports.0.targetPort")).isEqualTo("http");
    }

    @Test
    void gracePeriodOutlastsTheDrainAndTheVisibilityTimeoutOutlastsBoth() {
        for (String values : List.of("", "config:\n  shutdownGraceSeconds: 90\n  visibilityTimeoutSeconds: 300\n",
                "terminationGracePeriodSeconds: 40\n")) {
            Manifests manifests = HelmChart.render(values);
            int period = (Integer) manifests.podSpec().get("terminationGracePeriodSeconds");
            int grace = Integer.parseInt(manifests.env().get("IMAGEPIPE_SHUTDOWN_GRACE_SECONDS"));
            int visibility = Integer.parseInt(manifests.env().get("IMAGEPIPE_VISIBILITY_TIMEOUT_SECONDS"));
            assertThat(period).as("terminationGracePeriodSeconds with " + values).isGreaterThan(grace);
            assertThat(visibility).as("visibility timeout with " + values).isGreaterThan(period);
        }
    }

    @Test
    void aVisibilityTimeoutThatAPodStillDrainingWouldOutliveIsRefused() {
        assertThatThrownBy(() -> HelmChart.render("config:\n  shutdownGraceSeconds: 110\n"))
                .hasMessageContaining("config.visibilityTimeoutSeconds (120) must be above terminationGracePeriodSeconds (125)");
        assertThatThrownBy(() -> HelmChart.render("terminationGracePeriodSeconds: 20\n"))
                .hasMessageContaining("terminationGracePeriodSeconds (20) must be above config.shutdownGraceSeconds (25)");
    }

    @Test
    void kedaScalesOnTheQueueWithOnePodPerInFlightCapacity() {
        Manifests manifests = HelmChart.render();
        Map<String, Object> scaled = manifests.one("ScaledObject");
        assertThat(Yaml.at(scaled, "spec.scaleTargetRef.name")).isEqualTo(Yaml.at(manifests.one("Deployment"), "metadata.name"));
        assertThat(Yaml.at(scaled, "spec.minReplicaCount")).isEqualTo(1);
        assertThat(Yaml.at(scaled, "spec.maxReplicaCount")).isEqualTo(10);
        Map<String, Object> trigger = Yaml.map(Yaml.at(scaled, "spec.triggers.0"));
        assertThat(trigger.get("type")).isEqualTo("aws-sqs-queue");
        Map<String, Object> metadata = Yaml.map(trigger.get("metadata"));
        assertThat(metadata).containsEntry("queueURL", manifests.env().get("IMAGEPIPE_QUEUE_URL"))
                .containsEntry("queueLength", "4") // 2 workers x 2, the service's default in-flight limit
                .containsEntry("activationQueueLength", "0")
                .containsEntry("awsRegion", "eu-west-1")
                .containsEntry("scaleOnInFlight", "true");
        assertThat(metadata.values()).allSatisfy(v -> assertThat(v).isInstanceOf(String.class));
        assertThat(manifests.env()).doesNotContainKey("IMAGEPIPE_MAX_INFLIGHT").containsEntry("IMAGEPIPE_WORKERS", "2");

        Map<String, Object> auth = manifests.one("TriggerAuthentication");
        assertThat(Yaml.at(trigger, "authenticationRef.name")).isEqualTo(Yaml.at(auth, "metadata.name"));
        assertThat(Yaml.at(auth, "spec.podIdentity.provider")).isEqualTo("aws");
        assertThat(Yaml.at(auth, "spec.podIdentity.identityOwner")).isEqualTo("workload");

        // Scale-down is gentle: one pod per two minutes after ten quiet minutes, so long jobs can drain.
        Map<String, Object> scaleDown = Yaml.map(Yaml.at(scaled, "spec.advanced.horizontalPodAutoscalerConfig.behavior.scaleDown"));
        assertThat((Integer) scaleDown.get("stabilizationWindowSeconds")).isGreaterThanOrEqualTo(300);
        assertThat(Yaml.at(scaleDown, "policies.0")).isEqualTo(Map.of("type", "Pods", "value", 1, "periodSeconds", 120));
        assertThat(Yaml.at(manifests.one("Deployment"), "spec.replicas")).as("the scaler owns replicas").isNull();
    }

    @Test
    void queueLengthFollowsAnExplicitInFlightLimitOrWorkers() {
        Map<String, Object> withLimit = HelmChart.render("config:\n  maxInflight: 12\n").one("ScaledObject");
        assertThat(Yaml.at(withLimit, "spec.triggers.0.metadata.queueLength")).isEqualTo("12");
        Manifests workers = HelmChart.render("config:\n  workers: 8\n");
        assertThat(Yaml.at(workers.one("ScaledObject"), "spec.triggers.0.metadata.queueLength")).isEqualTo("16");
        assertThat(workers.env()).containsEntry("IMAGEPIPE_WORKERS", "8");
        Map<String, Object> overridden = HelmChart.render("autoscaling:\n  keda:\n    queueLength: 3\n").one("ScaledObject");
        assertThat(Yaml.at(overridden, "spec.triggers.0.metadata.queueLength")).isEqualTo("3");
    }

    @Test
    void scaleToZeroNeedsKedaAndWakesOnTheFirstMessage() {
        Map<String, Object> scaled = HelmChart.render("autoscaling:\n  minReplicas: 0\n").one("ScaledObject");
        assertThat(Yaml.at(scaled, "spec.minReplicaCount")).isEqualTo(0);
        assertThat(Yaml.at(scaled, "spec.cooldownPeriod")).isEqualTo(300);
        assertThat(Yaml.at(scaled, "spec.triggers.0.metadata.activationQueueLength")).isEqualTo("0");
        assertThatThrownBy(() -> HelmChart.render(KEDA_OFF, "autoscaling:\n  minReplicas: 0\n"))
                .hasMessageContaining("scaling to zero needs KEDA");
    }

    @Test
    void kedaWithTheWorkloadIdentityNeedsTheIrsaRole() {
        assertThatThrownBy(() -> HelmChart.render("serviceAccount:\n  roleArn: \"\"\n"))
                .hasMessageContaining("set serviceAccount.roleArn");
        Map<String, Object> operator = HelmChart.render("serviceAccount:\n  roleArn: \"\"\n",
                "autoscaling:\n  keda:\n    identityOwner: operator\n").one("TriggerAuthentication");
        assertThat(Yaml.at(operator, "spec.podIdentity")).isEqualTo(Map.of("provider", "aws"));
    }

    @Test
    void withoutKedaAPlainHpaScalesOnCpuWithTheSameBehaviour() {
        Manifests manifests = HelmChart.render(KEDA_OFF);
        assertThat(manifests.find("ScaledObject")).isEmpty();
        assertThat(manifests.find("TriggerAuthentication")).isEmpty();
        Map<String, Object> hpa = manifests.one("HorizontalPodAutoscaler");
        assertThat(Yaml.at(hpa, "spec.minReplicas")).isEqualTo(1);
        assertThat(Yaml.at(hpa, "spec.maxReplicas")).isEqualTo(10);
        assertThat(Yaml.at(hpa, "spec.metrics.0.resource.name")).isEqualTo("cpu");
        assertThat(Yaml.at(hpa, "spec.behavior.scaleDown.stabilizationWindowSeconds")).isEqualTo(600);
        assertThat(Yaml.at(manifests.one("Deployment"), "spec.replicas")).isNull();

        Manifests fixed = HelmChart.render(KEDA_OFF, "autoscaling:\n  hpa:\n    enabled: false\nreplicaCount: 3\n");
        assertThat(fixed.find("HorizontalPodAutoscaler")).isEmpty();
        assertThat(Yaml.at(fixed.one("Deployment"), "spec.replicas")).isEqualTo(3);
    }

    @Test
    void serviceAccountCarriesTheIrsaRoleAndThePodUsesIt() {
        Manifests manifests = HelmChart.render();
        Map<String, Object> account = manifests.one("ServiceAccount");
        assertThat(Yaml.at(account, "metadata.annotations")).isEqualTo(
                Map.of("eks.amazonaws.com/role-arn", "arn:aws:iam::123456789012:role/imagepipe"));
        assertThat(manifests.podSpec().get("serviceAccountName")).isEqualTo(Yaml.at(account, "metadata.name"));
    }

    @Test
    void resourcesAreBoundedAndTheDisruptionBudgetUsesMaxUnavailable() {
        Manifests manifests = HelmChart.render();
        Map<String, Object> resources = Yaml.map(manifests.container().get("resources"));
        assertThat(Yaml.at(resources, "requests.cpu")).isEqualTo("2");
        assertThat(Yaml.at(resources, "limits.memory")).isEqualTo("2Gi");
        assertThat(Yaml.at(resources, "requests.memory")).isEqualTo(Yaml.at(resources, "limits.memory"));
        Map<String, Object> pdb = manifests.one("PodDisruptionBudget");
        assertThat(Yaml.at(pdb, "spec.maxUnavailable")).isEqualTo(1);
        assertThat(Yaml.at(pdb, "spec.minAvailable")).isNull();
        assertThat(Yaml.at(pdb, "spec.selector.matchLabels"))
                .isEqualTo(Yaml.at(manifests.one("Deployment"), "spec.selector.matchLabels"));
    }

    @Test
    void podsSpreadOverZonesAndNodesBySelectingThemselves() {
        Manifests manifests = HelmChart.render();
        List<Object> spread = Yaml.list(manifests.podSpec().get("topologySpreadConstraints"));
        assertThat(spread).extracting(c -> Yaml.at(c, "topologyKey"))
                .containsExactly("topology.kubernetes.io/zone", "kubernetes.io/hostname");
        for (Object constraint : spread) {
            assertThat(Yaml.at(constraint, "labelSelector.matchLabels"))
                    .isEqualTo(Yaml.at(manifests.one("Deployment"), "spec.selector.matchLabels"));
        }
    }

    @Test
    void monitoringObjectsScrapeTheMetricsPortAndCarryTheAlerts() {
        Manifests manifests = HelmChart.render(MONITORING_ON);
        Map<String, Object> monitor = manifests.one("ServiceMonitor");
        assertThat(Yaml.at(monitor, "spec.endpoints.0.port")).isEqualTo("http");
        assertThat(Yaml.at(monitor, "spec.endpoints.0.path")).isEqualTo("/metrics");
        Map<String, Object> selector = Yaml.map(Yaml.at(monitor, "spec.selector.matchLabels"));
        assertThat(Yaml.map(Yaml.at(manifests.one("Service"), "metadata.labels"))).containsAllEntriesOf(selector);
        List<Object> rules = Yaml.list(Yaml.at(manifests.one("PrometheusRule"), "spec.groups.0.rules"));
        assertThat(rules).extracting(r -> Yaml.at(r, "alert")).containsExactlyInAnyOrder("ImagepipeDeadLettering",
                "ImagepipeRetriesClimbing", "ImagepipeStalled", "ImagepipePixelBudgetSaturated", "ImagepipePodsRestarting");
        for (Object rule : rules) {
            assertThat(Yaml.at(rule, "labels.severity")).isIn("warning", "critical");
            assertThat((String) Yaml.at(rule, "annotations.description")).isNotBlank();
        }
        Map<String, Object> policy = manifests.one("NetworkPolicy");
        assertThat(Yaml.at(policy, "spec.ingress.0.ports.0.port")).isEqualTo("http");
        assertThat(Yaml.at(policy, "spec.egress.1.ports.0.port")).isEqualTo(443);
    }

    @Test
    void dashboardShipsAsAConfigMapForTheGrafanaSidecar() {
        Map<String, Object> map = HelmChart.render("grafanaDashboard:\n  folder: Media\n").one("ConfigMap");
        assertThat(Yaml.map(Yaml.at(map, "metadata.labels"))).containsEntry("grafana_dashboard", "1");
        assertThat(Yaml.map(Yaml.at(map, "metadata.annotations"))).containsEntry("grafana_folder", "Media");
        assertThat(((String) Yaml.map(map.get("data")).get("imagepipe.json")).strip())
                .isEqualTo(Repository.read(Repository.DASHBOARD).strip());
        assertThat(HelmChart.render("grafanaDashboard:\n  enabled: false\n").find("ConfigMap")).isEmpty();
    }

    @Test
    void customRenditionsReachTheServiceAndRollThePods() {
        String spec = "avatar=128x128:fill:png,hero=2400x0:fit:jpeg:80";
        Manifests custom = HelmChart.render("config:\n  renditions: \"" + spec + "\"\n");
        assertThat(custom.env()).containsEntry("IMAGEPIPE_RENDITIONS", spec);
        assertThat(Yaml.at(custom.one("Deployment"), "spec.template.metadata.annotations.checksum/config"))
                .isNotEqualTo(Yaml.at(HelmChart.render().one("Deployment"), "spec.template.metadata.annotations.checksum/config"));
    }

    @Test
    void imageIsPinnedByDigestWhenOneIsGiven() {
        String digest = "sha256:" + "ab".repeat(32);
        assertThat(HelmChart.render("image:\n  digest: " + digest + "\n").container().get("image"))
                .isEqualTo("ghcr.io/imagepipe/imagepipe@" + digest);
        assertThat(HelmChart.render().container().get("image")).isEqualTo("ghcr.io/imagepipe/imagepipe:0.1.0");
    }
}

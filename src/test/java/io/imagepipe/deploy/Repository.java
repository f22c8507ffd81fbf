package io.imagepipe.deploy;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Paths of the files the deployment tests read: the worktree's own, and the shared CRD schemas. */
final class Repository {
    static final Path ROOT = Path.of(System.getProperty("user.dir")).toAbsolutePath();
    static final Path CHART = ROOT.resolve("helm/imagepipe");
    static final Path DASHBOARD = CHART.resolve("dashboards/imagepipe.json");
    static final Path KUSTOMIZE_BASE = ROOT.resolve("k8s/base");
    static final Path KUSTOMIZE_EKS = ROOT.resolve("k8s/overlays/eks");
    static final Path CLOUDFORMATION = ROOT.resolve("deploy/cloudformation.yaml");
    static final Path IAM_POLICY = ROOT.resolve("deploy/iam-policy.json");
    static final Path DOCKERFILE = ROOT.resolve("Dockerfile");
    static final Path README = ROOT.resolve("README.md");

    private Repository() {
    }

    static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The published CRDs in {@code ../shared/schemas} (beside the project, as on CI), or under the
     * folder the system property {@code imagepipe.shared} names; the calling test is skipped where absent.
     */
    static Path sharedSchemas() {
        String override = System.getProperty("imagepipe.shared");
        Path shared = override != null && !override.isBlank() ? Path.of(override) : ROOT.resolveSibling("shared");
        Path schemas = shared.resolve("schemas").toAbsolutePath().normalize();
        assumeTrue(Files.isDirectory(schemas), () -> "skipped: the KEDA and Prometheus Operator CRD schemas are"
                + " expected in " + schemas + " (../shared/schemas, or -Dimagepipe.shared=DIR), which is absent");
        return schemas;
    }
}

package io.imagepipe.deploy;

import com.marcnuri.helm.Helm;
import com.marcnuri.helm.LintResult;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The chart in helm/imagepipe rendered and linted by the Helm that helm-java bundles. */
final class HelmChart {
    static final String RELEASE = "imagepipe";
    static final String NAMESPACE = "media";
    /** A current EKS version; helm template otherwise assumes 1.20, below the chart's kubeVersion. */
    static final String KUBE_VERSION = "1.31.0";
    /** The one value a user must give; every rendering in the tests starts from it. */
    static final String REQUIRED = """
            config:
              queueUrl: https://sqs.eu-west-1.amazonaws.com/123456789012/imagepipe-events
            serviceAccount:
              roleArn: arn:aws:iam::123456789012:role/imagepipe
            aws:
              region: eu-west-1
            """;

    private HelmChart() {
    }

    /** {@code helm template} with the required values, then each values document in order. */
    static Manifests render(String... values) {
        return Manifests.parse(template(values));
    }

    static String template(String... values) {
        Path dir = tempDir();
        try {
            var command = new Helm(Repository.CHART).template().withName(RELEASE).withNamespace(NAMESPACE)
                    .withKubeVersion(KUBE_VERSION)
                    .withValuesFile(write(dir, "required.yaml", REQUIRED));
            for (int i = 0; i < values.length; i++) {
                command = command.withValuesFile(write(dir, "values-" + i + ".yaml", values[i]));
            }
            return command.call();
        } finally {
            delete(dir);
        }
    }

    /** {@code helm lint --strict} of a copy of the chart whose values.yaml carries the required values. */
    static LintResult lintStrict() {
        Path dir = tempDir();
        try {
            Path copy = dir.resolve("imagepipe");
            copyTree(Repository.CHART, copy);
            String values = Files.readString(copy.resolve("values.yaml"));
            String required = values
                    .replace("queueUrl: \"\"", "queueUrl: https://sqs.eu-west-1.amazonaws.com/123456789012/imagepipe-events")
                    .replace("roleArn: \"\"", "roleArn: arn:aws:iam::123456789012:role/imagepipe");
            if (required.equals(values)) {
                throw new AssertionError("values.yaml no longer has the empty queueUrl/roleArn this lint fills in");
            }
            Files.writeString(copy.resolve("values.yaml"), required);
            return new Helm(copy).lint().strict().call();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            delete(dir);
        }
    }

    private static Path write(Path dir, String name, String text) {
        try {
            return Files.writeString(dir.resolve(name), text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Path tempDir() {
        try {
            return Files.createTempDirectory("imagepipe-helm");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (var paths = Files.walk(from)) {
            for (Path p : (Iterable<Path>) paths::iterator) {
                Path target = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(p, target);
                }
            }
        }
    }

    private static void delete(Path dir) {
        try (var paths = Files.walk(dir)) {
            paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

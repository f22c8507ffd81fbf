package io.imagepipe.deploy;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/** {@code kubectl kustomize DIR}, with the kubectl on the PATH (or $KUBECTL); skipped, saying so, without one. */
final class Kustomize {
    private Kustomize() {
    }

    static Manifests build(Path dir) {
        String kubectl = kubectl();
        try {
            Process process = new ProcessBuilder(kubectl, "kustomize", dir.toString())
                    .redirectError(ProcessBuilder.Redirect.DISCARD).start();
            byte[] out = process.getInputStream().readAllBytes();
            if (!process.waitFor(120, TimeUnit.SECONDS) || process.exitValue() != 0) {
                throw new AssertionError(kubectl + " kustomize " + dir + " failed (exit "
                        + (process.isAlive() ? "timeout" : process.exitValue()) + ")");
            }
            return Manifests.parse(new String(out, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new AssertionError(kubectl + " kustomize " + dir + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    private static String kubectl() {
        String given = System.getenv("KUBECTL");
        if (given != null && !given.isBlank()) {
            return given;
        }
        for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            Path candidate = Path.of(dir, "kubectl");
            if (Files.isExecutable(candidate)) {
                return candidate.toString();
            }
        }
        assumeTrue(false, "skipped: no kubectl on the PATH (nor $KUBECTL) to run 'kubectl kustomize';"
                + " .ci/run installs Debian's kubernetes-client");
        return null;
    }
}

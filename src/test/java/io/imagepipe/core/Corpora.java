package io.imagepipe.core;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;

/**
 * The public corpora in {@code ../shared/corpus} (beside the project, as on CI), or wherever the
 * system property {@code imagepipe.shared} points. Tests over them are skipped, saying why, where
 * they are absent.
 */
final class Corpora {
    private Corpora() {
    }

    static Path shared() {
        String override = System.getProperty("imagepipe.shared");
        return (override != null && !override.isBlank() ? Path.of(override) : Path.of("..", "shared"))
                .toAbsolutePath().normalize();
    }

    /** {@code shared/corpus/<name>}, or the test is skipped with the path it looked at. */
    static Path require(String name) {
        Path dir = shared().resolve("corpus").resolve(name);
        Assumptions.assumeTrue(Files.isDirectory(dir),
                () -> "corpus " + dir + " is absent (set -Dimagepipe.shared=DIR to point at shared/); skipped");
        return dir;
    }

    static List<Path> files(Path dir, String glob) {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> p.getFileSystem().getPathMatcher("glob:" + glob).matches(p.getFileName()))
                    .sorted().toList();
        } catch (IOException e) {
            throw new IllegalStateException("cannot list " + dir, e);
        }
    }

    static byte[] read(Path file) {
        try {
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + file, e);
        }
    }
}

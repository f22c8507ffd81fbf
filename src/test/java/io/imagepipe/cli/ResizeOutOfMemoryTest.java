package io.imagepipe.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.awt.image.BufferedImage;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** `imagepipe resize` in a JVM with a small heap: a file that exhausts it is that file's failure, and the rest go on. */
class ResizeOutOfMemoryTest {

    @Test
    void aFileThatExhaustsTheHeapIsReportedAndTheNextFileIsStillResized(@TempDir Path dir) throws Exception {
        Path big = dir.resolve("big.png");
        ImageIO.write(new BufferedImage(6000, 6000, BufferedImage.TYPE_BYTE_BINARY), "png", big.toFile());
        Path small = dir.resolve("small.png");
        ImageIO.write(new BufferedImage(200, 100, BufferedImage.TYPE_INT_RGB), "png", small.toFile());

        Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx96m",
                "-cp", System.getProperty("java.class.path"), "io.imagepipe.Main", "resize", "--workers", "1",
                "--renditions", "full=6000x6000:fit", "--out", dir.resolve("out").toString(),
                big.toString(), small.toString())
                .redirectError(dir.resolve("stderr.txt").toFile()).start();
        String stdout = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();

        List<JsonNode> lines = stdout.lines().map(ResizeOutOfMemoryTest::parse).toList();
        assertThat(p.exitValue()).as("stderr: %s", Files.readString(dir.resolve("stderr.txt"))).isEqualTo(1);
        assertThat(lines).hasSize(2);
        assertThat(lines.get(0).path("file").asText()).endsWith("big.png");
        assertThat(lines.get(0).path("error").asText()).isEqualTo("out_of_memory");
        assertThat(lines.get(0).path("message").asText()).contains("-Xmx").contains("--max-pixels");
        assertThat(lines.get(1).path("file").asText()).endsWith("small.png");
        assertThat(lines.get(1).has("error")).isFalse();
        assertThat(new File(lines.get(1).at("/renditions/0/path").asText())).exists();
    }

    private static JsonNode parse(String line) {
        try {
            return new ObjectMapper().readTree(line);
        } catch (Exception e) {
            throw new AssertionError("not a JSON line: " + line, e);
        }
    }
}

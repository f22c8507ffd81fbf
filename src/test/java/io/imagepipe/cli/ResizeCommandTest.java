package io.imagepipe.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** `imagepipe resize` on files: one JSON line each, bad files reported and skipped, exit status. */
class ResizeCommandTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(String... args) {
        return new ResizeCommand(new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8)).run(List.of(args));
    }

    private List<JsonNode> lines() throws Exception {
        List<JsonNode> lines = new ArrayList<>();
        for (String line : out.toString(StandardCharsets.UTF_8).split("\n")) {
            if (!line.isBlank()) {
                lines.add(JSON.readTree(line));
            }
        }
        return lines;
    }

    @Test
    void writesEachRenditionUnderTheKeyTemplateAndReportsItAsJson() throws Exception {
        Path photo = jpeg("holiday.jpeg", 1200, 800);
        Path outDir = dir.resolve("out");

        int status = run("--renditions", "thumb=100x100:fill,medium=600x0:fit", "--out", outDir.toString(),
                photo.toString());

        assertThat(status).isZero();
        JsonNode line = lines().get(0);
        assertThat(line.path("format").asText()).isEqualTo("jpeg");
        assertThat(line.path("width").asInt()).isEqualTo(1200);
        assertThat(line.path("renditions")).hasSize(2);
        assertThat(line.path("renditions").get(0).path("width").asInt()).isEqualTo(100);
        assertThat(line.path("renditions").get(1).path("height").asInt()).isEqualTo(400);
        assertThat(line.has("decodeMs") && line.has("resizeMs") && line.has("encodeMs")).isTrue();
        assertThat(outDir.resolve("thumb/holiday.jpg")).exists();
        assertThat(ImageIO.read(outDir.resolve("medium/holiday.jpg").toFile()).getWidth()).isEqualTo(600);
        assertThat(Files.size(outDir.resolve("medium/holiday.jpg")))
                .isEqualTo(line.path("renditions").get(1).path("bytes").asLong());
    }

    @Test
    void badFileIsReportedWithItsReasonAndTheRestGoOnWithExitStatusOne() throws Exception {
        Path text = dir.resolve("notes.jpg");
        Files.writeString(text, "this is not a picture");
        Path good = jpeg("good.jpg", 400, 300);

        int status = run("--out", dir.resolve("out").toString(), text.toString(), good.toString());

        assertThat(status).isEqualTo(1);
        List<JsonNode> lines = lines();
        assertThat(lines).hasSize(2);
        assertThat(lines.get(0).path("error").asText()).isEqualTo("unsupported");
        assertThat(lines.get(0).path("message").asText()).contains("text");
        assertThat(lines.get(1).has("error")).isFalse();
        assertThat(dir.resolve("out/thumb/good.jpg")).exists();
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("1 of 2 files failed");
    }

    @Test
    void badRenditionSpecIsAUsageErrorQuotingThePart() {
        int status = run("--renditions", "thumb=300y300", dir.resolve("x.jpg").toString());
        assertThat(status).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("thumb=300y300").contains("usage:");
    }

    @Test
    void noFilesIsAUsageError() {
        assertThat(run()).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("no files given");
    }

    private Path jpeg(String name, int width, int height) throws Exception {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setColor(Color.CYAN);
        g.fillRect(0, 0, width, height / 2);
        g.dispose();
        Path file = dir.resolve(name);
        ImageIO.write(image, "jpeg", file.toFile());
        return file;
    }
}

package io.imagepipe.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Real photographs (8-20 MP, baseline and progressive JPEG, one 20 MP PNG) each yield the default
 * three renditions at the sizes the spec arithmetic gives. The corpus is {@code shared/corpus/photos}
 * when present, else built once into {@code target/photos} by {@code shared/corpus/photos.sh} (which
 * needs apt-get and jpegtran); the test is skipped, saying why, when neither works.
 */
class PhotoCorpusTest {
    private final ImageProcessor processor = new ImageProcessor(Limits.DEFAULT);

    @TestFactory
    Stream<DynamicTest> everyPhotoYieldsThreeRenditions() {
        Path dir = photos();
        List<Path> files = new ArrayList<>();
        for (String sub : new String[] {"baseline", "progressive", "png"}) {
            if (Files.isDirectory(dir.resolve(sub))) {
                files.addAll(Corpora.files(dir.resolve(sub), "*.{jpg,png}"));
            }
        }
        Assumptions.assumeFalse(files.isEmpty(), () -> "no photos in " + dir + "; skipped");
        return files.stream().map(f -> DynamicTest.dynamicTest(dir.relativize(f).toString(), () -> check(f)));
    }

    private void check(Path file) throws ImageException {
        byte[] bytes = Corpora.read(file);
        ProcessedImage result = processor.process(bytes, Specs.DEFAULT);
        SourceInfo info = result.source();
        int w = info.displayWidth();
        int h = info.displayHeight();
        assertThat((long) w * h).as("a real photo").isGreaterThan(4_000_000);
        ImageFormat format = file.toString().endsWith(".png") ? ImageFormat.PNG : ImageFormat.JPEG;

        assertThat(result.renditions()).extracting(r -> r.name() + " " + r.width() + "x" + r.height())
                .containsExactly("thumb 300x300", "medium " + fit(w, h, 800, 0), "large " + fit(w, h, 1600, 1600));
        for (Rendition r : result.renditions()) {
            assertThat(r.format()).isEqualTo(format);
            SourceInfo out = processor.probe(r.bytes());
            assertThat(out.width() + "x" + out.height()).as(r.name() + " encoded size").isEqualTo(r.width() + "x" + r.height());
            assertThat(out.orientation()).isEqualTo(1);
        }
    }

    /** Inside the box, aspect kept, rounded, never enlarged; a 0 side is unbounded. */
    private static String fit(int w, int h, int boxW, int boxH) {
        double s = Math.min(1.0, Math.min(boxW == 0 ? Double.MAX_VALUE : (double) boxW / w,
                boxH == 0 ? Double.MAX_VALUE : (double) boxH / h));
        return Math.round(w * s) + "x" + Math.round(h * s);
    }

    private static Path photos() {
        Path shared = Corpora.shared().resolve("corpus").resolve("photos");
        if (Files.isDirectory(shared.resolve("baseline"))) {
            return shared;
        }
        Path built = Path.of("target", "photos").toAbsolutePath();
        if (hasPhotos(built)) {
            return built;
        }
        Path script = Corpora.shared().resolve("corpus").resolve("photos.sh");
        Assumptions.assumeTrue(Files.isRegularFile(script), () -> "no photo corpus and no " + script + "; skipped");
        try {
            Process p = new ProcessBuilder("bash", script.toString(), built.toString())
                    .redirectErrorStream(true)
                    .redirectOutput(Path.of("target", "photos.log").toFile())
                    .start();
            boolean done = p.waitFor(15, TimeUnit.MINUTES);
            if (!done) {
                p.destroyForcibly();
            }
            Assumptions.assumeTrue(done && p.exitValue() == 0 && hasPhotos(built),
                    () -> "photos.sh could not build " + built + " (see target/photos.log); skipped");
        } catch (IOException e) {
            Assumptions.abort("cannot run photos.sh: " + e.getMessage() + "; skipped");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            Assumptions.abort("interrupted while building the photo corpus");
        }
        return built;
    }

    private static boolean hasPhotos(Path dir) {
        Path baseline = dir.resolve("baseline");
        return Files.isDirectory(baseline) && !Corpora.files(baseline, "*.jpg").isEmpty();
    }
}

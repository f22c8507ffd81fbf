package io.imagepipe.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * The camera-style corpus: Landscape_N / Portrait_N hold one photograph stored for EXIF orientation
 * N (0 = no tag). Every one must come out 3:2 / 2:3 as displayed and upright: its rendition must match
 * the rendition of the untagged file, and match it far better than any turned or mirrored version
 * of it would.
 */
class ExifOrientationCorpusTest {
    private static final String SPEC = "a=180x180:fit";
    private final ImageProcessor processor = new ImageProcessor(Limits.DEFAULT);

    @TestFactory
    Stream<DynamicTest> everyOrientationOfBothPhotos() throws ImageException {
        Path dir = Corpora.require("exif-orientation");
        BufferedImage landscape = rendition(dir.resolve("Landscape_0.jpg"));
        BufferedImage portrait = rendition(dir.resolve("Portrait_0.jpg"));
        assertThat(landscape.getWidth() + "x" + landscape.getHeight()).isEqualTo("180x120");
        assertThat(portrait.getWidth() + "x" + portrait.getHeight()).isEqualTo("120x180");
        return Stream.of("Landscape", "Portrait").flatMap(kind -> IntStream.rangeClosed(0, 8).mapToObj(n ->
                DynamicTest.dynamicTest(kind + "_" + n, () -> check(dir.resolve(kind + "_" + n + ".jpg"),
                        kind.equals("Landscape") ? landscape : portrait, n))));
    }

    private void check(Path file, BufferedImage reference, int orientation) throws ImageException {
        byte[] bytes = Corpora.read(file);
        SourceInfo info = processor.probe(bytes);
        assertThat(info.orientation()).isEqualTo(Math.max(1, orientation));
        boolean landscape = file.getFileName().toString().startsWith("Landscape");
        assertThat(info.displayWidth() + "x" + info.displayHeight()).as("as displayed")
                .isEqualTo(landscape ? "1800x1200" : "1200x1800");

        BufferedImage out = rendition(file);

        assertThat(out.getWidth() + "x" + out.getHeight()).isEqualTo(landscape ? "180x120" : "120x180");
        double upright = meanDifference(out, reference, 0);
        for (int turn = 1; turn < 4; turn++) {
            double wrong = meanDifference(out, reference, turn);
            assertThat(upright).as("%s: difference upright %.1f vs. turned/mirrored (%d) %.1f", file.getFileName(),
                    upright, turn, wrong).isLessThan(wrong / 2);
        }
        // The files are not pixel-identical (each has its own number in the middle, and the framing
        // shifts by a few pixels), so the untagged photo is matched loosely; the turns above are the test.
        assertThat(upright).as(file.getFileName() + " against the untagged photo").isLessThan(24);
    }

    private BufferedImage rendition(Path file) throws ImageException {
        return TestImages.read(processor.process(Corpora.read(file), Specs.parse(SPEC)).renditions().get(0).bytes());
    }

    /**
     * Mean absolute channel difference between {@code a} and {@code b} as is (0), mirrored left-right
     * (1), upside down (2) or turned by 180 degrees (3): the orientations that keep the size.
     */
    private static double meanDifference(BufferedImage a, BufferedImage b, int transform) {
        int w = a.getWidth();
        int h = a.getHeight();
        long sum = 0;
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int bx = transform == 1 || transform == 3 ? w - 1 - x : x;
                int by = transform == 2 || transform == 3 ? h - 1 - y : y;
                int p = a.getRGB(x, y);
                int q = b.getRGB(bx, by);
                for (int s = 0; s <= 16; s += 8) {
                    sum += Math.abs(((p >> s) & 0xFF) - ((q >> s) & 0xFF));
                }
            }
        }
        return sum / (3.0 * w * h);
    }
}

package io.imagepipe.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.awt.color.ColorSpace;
import java.awt.image.BufferedImage;
import java.awt.image.ComponentColorModel;
import java.awt.image.Raster;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Every PngSuite file: the deliberately broken {@code x*.png} are refused with a typed reason (never
 * an unchecked exception), every other one yields the default renditions with the right sizes, and
 * the full-size rendition holds the source's pixels (PNG to PNG is lossless).
 */
class PngSuiteCorpusTest {
    private final ImageProcessor processor = new ImageProcessor(Limits.DEFAULT);

    @TestFactory
    Stream<DynamicTest> everyPngSuiteFile() {
        Path dir = Corpora.require("pngsuite/png");
        List<Path> files = Corpora.files(dir, "*.png");
        assertThat(files).as("PngSuite files in " + dir).hasSizeGreaterThan(150);
        return files.stream().map(file -> DynamicTest.dynamicTest(file.getFileName().toString(),
                () -> check(file, file.getFileName().toString().startsWith("x"))));
    }

    private void check(Path file, boolean broken) throws ImageException {
        byte[] bytes = Corpora.read(file);
        if (broken) {
            try {
                processor.process(bytes, Specs.DEFAULT);
                fail("broken file " + file.getFileName() + " was accepted");
            } catch (ImageException e) {
                assertThat(e.reason()).isIn("corrupt", "unsupported");
                assertThat(e.getMessage()).isNotBlank();
            }
            return;
        }
        ProcessedImage result = processor.process(bytes, Specs.DEFAULT);
        SourceInfo info = result.source();
        int side = Math.min(info.width(), info.height());
        assertThat(result.renditions()).extracting(r -> r.width() + "x" + r.height()).containsExactly(
                side + "x" + side, info.width() + "x" + info.height(), info.width() + "x" + info.height());
        for (Rendition r : result.renditions()) {
            assertThat(r.format()).isEqualTo(ImageFormat.PNG);
        }
        BufferedImage medium = TestImages.read(result.renditions().get(1).bytes());
        assertSamePixels(TestImages.read(bytes), medium, file.getFileName().toString());
    }

    /**
     * Compares with the source's own samples. Grey samples are taken as they are stored: PNG grey uses
     * the same tone curve as RGB, whereas Java's getRGB treats a custom grey layout as linear light.
     */
    private static void assertSamePixels(BufferedImage source, BufferedImage out, String name) {
        boolean customGrey = source.getColorModel() instanceof ComponentColorModel
                && source.getColorModel().getColorSpace().getType() == ColorSpace.TYPE_GRAY;
        Raster raster = source.getRaster();
        boolean alpha = source.getColorModel().hasAlpha();
        int bits = source.getColorModel().getComponentSize(0);
        int worst = 0;
        for (int y = 0; y < source.getHeight(); y++) {
            for (int x = 0; x < source.getWidth(); x++) {
                int expected;
                if (customGrey) {
                    int g = scale(raster.getSample(x, y, 0), bits);
                    int a = alpha ? scale(raster.getSample(x, y, 1), bits) : 255;
                    expected = a << 24 | g * 0x010101;
                } else {
                    expected = source.getRGB(x, y);
                }
                int actual = out.getRGB(x, y);
                if ((expected >>> 24) == 0 && (actual >>> 24) == 0) {
                    continue; // fully transparent: the colour underneath does not matter
                }
                worst = Math.max(worst, Math.max(TestImages.distance(expected, actual),
                        Math.abs((expected >>> 24) - (actual >>> 24))));
            }
        }
        assertThat(worst).as(name + ": largest channel difference from the source").isLessThanOrEqualTo(1);
    }

    private static int scale(int sample, int bits) {
        int max = (1 << bits) - 1;
        return (sample * 255 + max / 2) / max;
    }
}

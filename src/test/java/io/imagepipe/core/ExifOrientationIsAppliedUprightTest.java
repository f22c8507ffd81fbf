package io.imagepipe.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A camera stores the sensor's pixels and an EXIF Orientation tag saying how to turn them; every
 * rendition must come out as the picture is meant to be seen, for all eight values.
 */
class ExifOrientationIsAppliedUprightTest {
    private static final int UPRIGHT_WIDTH = 120;
    private static final int UPRIGHT_HEIGHT = 80;

    private final ImageProcessor processor = new ImageProcessor(Limits.DEFAULT);

    @ParameterizedTest(name = "orientation {0}")
    @ValueSource(ints = {1, 2, 3, 4, 5, 6, 7, 8})
    void everyOrientationComesOutUpright(int orientation) throws ImageException {
        BufferedImage upright = TestImages.quadrants(UPRIGHT_WIDTH, UPRIGHT_HEIGHT);
        BufferedImage stored = TestImages.storedForOrientation(upright, orientation);
        byte[] source = JpegSegments.withExif(TestImages.jpeg(stored), orientation, false);

        SourceInfo info = processor.probe(source);
        assertThat(info.orientation()).isEqualTo(orientation);
        assertThat(info.width()).as("stored width").isEqualTo(stored.getWidth());
        assertThat(info.displayWidth()).isEqualTo(UPRIGHT_WIDTH);
        assertThat(info.displayHeight()).isEqualTo(UPRIGHT_HEIGHT);

        ProcessedImage result = processor.process(source, Specs.parse("full=400x400:fit,half=60x60:fit"));

        Rendition full = result.renditions().get(0);
        Rendition half = result.renditions().get(1);
        assertThat(List.of(full.width(), full.height())).isEqualTo(List.of(UPRIGHT_WIDTH, UPRIGHT_HEIGHT));
        assertThat(List.of(half.width(), half.height())).isEqualTo(List.of(60, 40));
        for (Rendition r : result.renditions()) {
            BufferedImage out = TestImages.read(r.bytes());
            assertThat(out.getWidth()).as("encoded width of " + r.name()).isEqualTo(r.width());
            assertThat(out.getHeight()).as("encoded height of " + r.name()).isEqualTo(r.height());
            assertUpright(out, "orientation " + orientation + ", rendition " + r.name());
        }
    }

    @ParameterizedTest(name = "orientation {0}")
    @ValueSource(ints = {5, 6, 7, 8})
    void quarterTurnOrientationsSwapWidthAndHeight(int orientation) throws ImageException {
        // Stored 80 wide and 120 high; shown 120 wide and 80 high.
        BufferedImage stored = TestImages.storedForOrientation(TestImages.quadrants(120, 80), orientation);
        assertThat(stored.getWidth()).isEqualTo(80);
        byte[] source = JpegSegments.withExif(TestImages.jpeg(stored), orientation, false);

        ProcessedImage result = processor.process(source, Specs.parse("a=60x0:fit,b=0x60:fit,c=30x30:fill"));

        assertThat(result.renditions()).extracting(r -> r.width() + "x" + r.height())
                .containsExactly("60x40", "90x60", "30x30");
    }

    @ParameterizedTest(name = "orientation {0}")
    @ValueSource(ints = {3, 6, 8})
    void renditionCarriesNoOrientationOfItsOwn(int orientation) throws ImageException {
        byte[] source = JpegSegments.withExif(
                TestImages.jpeg(TestImages.storedForOrientation(TestImages.quadrants(120, 80), orientation)), orientation, true);

        Rendition r = processor.process(source, Specs.parse("a=100x100:fit")).renditions().get(0);

        // Already turned: a viewer that honours EXIF must not turn it again.
        assertThat(processor.probe(r.bytes()).orientation()).isEqualTo(1);
        assertThat(JpegSegments.jpegMarkers(r.bytes())).doesNotContain(0xE1);
    }

    static void assertUpright(BufferedImage out, String what) {
        int[] q = TestImages.quadrantColours(out);
        TestImages.assertColour(q[0], TestImages.TOP_LEFT, 40, what + ", top left");
        TestImages.assertColour(q[1], TestImages.TOP_RIGHT, 40, what + ", top right");
        TestImages.assertColour(q[2], TestImages.BOTTOM_LEFT, 40, what + ", bottom left");
        TestImages.assertColour(q[3], TestImages.BOTTOM_RIGHT, 40, what + ", bottom right");
    }
}

package io.imagepipe.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Renditions have exactly the sizes the spec asks for: fit stays inside the box with the aspect kept,
 * fill covers the box and crops the centre, a 0 side is unbounded, and nothing is ever enlarged.
 */
class FitAndFillGeometryTest {
    private static final String SPECS = "thumb=300x300:fill,medium=800x0:fit,tall=0x500:fit,large=1600x1600:fit";

    private final ImageProcessor processor = new ImageProcessor(Limits.DEFAULT);

    @ParameterizedTest(name = "{0}x{1} -> {2} {3} {4} {5}")
    @CsvSource({
            // source     thumb      medium      tall       large
            "2000, 1000, 300x300, 800x400,  1000x500, 1600x800",   // landscape
            "1000, 2000, 300x300, 800x1600, 250x500,  800x1600",   // portrait
            "1800, 1800, 300x300, 800x800,  500x500,  1600x1600",  // square
            "3000, 2000, 300x300, 800x533,  750x500,  1600x1067",  // 3:2, sides that round
            "200,  120,  120x120, 200x120,  200x120,  200x120",    // small: never enlarged, fill only crops
    })
    void renditionSizes(int width, int height, String thumb, String medium, String tall, String large)
            throws ImageException {
        byte[] source = TestImages.jpeg(TestImages.quadrants(width, height), 0.8f, false);

        ProcessedImage result = processor.process(source, Specs.parse(SPECS));

        assertThat(result.renditions()).extracting(Rendition::name).containsExactly("thumb", "medium", "tall", "large");
        assertThat(result.renditions()).extracting(r -> r.width() + "x" + r.height())
                .containsExactly(thumb, medium, tall, large);
        for (Rendition r : result.renditions()) {
            BufferedImage out = TestImages.read(r.bytes());
            assertThat(out.getWidth() + "x" + out.getHeight()).as("encoded size of " + r.name())
                    .isEqualTo(r.width() + "x" + r.height());
            assertThat(out.getWidth()).as("never wider than the source").isLessThanOrEqualTo(width);
            assertThat(out.getHeight()).as("never taller than the source").isLessThanOrEqualTo(height);
        }
    }

    @Test
    void defaultRenditionsOfATinySourceAreTheSourceItself() throws ImageException {
        byte[] source = TestImages.png(TestImages.quadrants(40, 30));

        ProcessedImage result = processor.process(source, Specs.DEFAULT);

        assertThat(result.renditions()).extracting(r -> r.width() + "x" + r.height())
                .containsExactly("30x30", "40x30", "40x30");
    }

    @Test
    void fillCropsTheCentreOfALandscapeSource() throws ImageException {
        // Three equal vertical bands; a centred square crop of a 3:1 picture is exactly the middle band.
        byte[] source = TestImages.png(TestImages.bands(1200, 400, true, 0xFF0000, 0x00FF00, 0x0000FF));

        BufferedImage out = TestImages.read(processor.process(source, Specs.parse("t=300x300:fill")).renditions().get(0).bytes());

        assertThat(out.getWidth()).isEqualTo(300);
        assertThat(out.getHeight()).isEqualTo(300);
        for (int x : new int[] {2, 150, 297}) {
            TestImages.assertColour(TestImages.meanRgb(out, x, 150, 1), 0x00FF00, 24, "column " + x + " of the crop");
        }
    }

    @Test
    void fillCropsTheCentreOfAPortraitSource() throws ImageException {
        byte[] source = TestImages.png(TestImages.bands(400, 1200, false, 0xFF0000, 0x00FF00, 0x0000FF));

        BufferedImage out = TestImages.read(processor.process(source, Specs.parse("t=200x200:fill")).renditions().get(0).bytes());

        assertThat(out.getWidth()).isEqualTo(200);
        assertThat(out.getHeight()).isEqualTo(200);
        for (int y : new int[] {2, 100, 197}) {
            TestImages.assertColour(TestImages.meanRgb(out, 100, y, 1), 0x00FF00, 24, "row " + y + " of the crop");
        }
    }

    @Test
    void fillKeepsWhatIsCentredAndCutsBothSidesEqually() throws ImageException {
        // Five bands of 240 px. Scaled to 600x300, the centred 300 px are source columns 300-900:
        // 180 px of green, all 240 of blue, 180 of yellow, i.e. 90 + 120 + 90 output columns.
        byte[] source = TestImages.png(TestImages.bands(1200, 600, true, 0xFF0000, 0x00FF00, 0x0000FF, 0xFFFF00, 0xFF00FF));

        BufferedImage out = TestImages.read(processor.process(source, Specs.parse("t=300x300:fill")).renditions().get(0).bytes());

        TestImages.assertColour(TestImages.meanRgb(out, 20, 150, 1), 0x00FF00, 24, "left edge");
        TestImages.assertColour(TestImages.meanRgb(out, 150, 150, 1), 0x0000FF, 24, "centre");
        TestImages.assertColour(TestImages.meanRgb(out, 280, 150, 1), 0xFFFF00, 24, "right edge");
        assertThat(bandEdge(out, 0x00FF00)).as("green/blue edge").isBetween(88, 92);
        assertThat(out.getWidth() - bandEdgeFromRight(out, 0xFFFF00)).as("yellow/blue edge from the right")
                .isBetween(88, 92);
    }

    @Test
    void sameInputGivesIdenticalBytes() throws ImageException {
        BufferedImage picture = TestImages.quadrants(900, 700, BufferedImage.TYPE_INT_ARGB);
        picture.setRGB(10, 10, 0x40FF00FF);
        for (byte[] source : List.of(TestImages.jpeg(TestImages.quadrants(900, 700)), TestImages.png(picture))) {
            ProcessedImage first = processor.process(source, Specs.DEFAULT);
            ProcessedImage second = processor.process(source, Specs.DEFAULT);
            ProcessedImage third = new ImageProcessor(Limits.DEFAULT).process(source.clone(), Specs.DEFAULT);

            for (int i = 0; i < first.renditions().size(); i++) {
                assertThat(second.renditions().get(i).bytes()).isEqualTo(first.renditions().get(i).bytes());
                assertThat(third.renditions().get(i).bytes()).isEqualTo(first.renditions().get(i).bytes());
            }
        }
    }

    @Test
    void renditionsComeBackInSpecOrderWhateverTheirSize() throws ImageException {
        byte[] source = TestImages.jpeg(TestImages.quadrants(1000, 800));

        ProcessedImage result = processor.process(source, Specs.parse("s=100x100:fit,l=900x900:fit,m=400x0:fit"));

        assertThat(result.renditions()).extracting(Rendition::name).containsExactly("s", "l", "m");
        assertThat(result.renditions()).extracting(Rendition::width).containsExactly(100, 900, 400);
        assertThat(result.outputBytes()).isEqualTo(result.renditions().stream().mapToLong(r -> r.bytes().length).sum());
    }

    private static int bandEdge(BufferedImage out, int colour) {
        int x = 0;
        while (x < out.getWidth() && TestImages.distance(out.getRGB(x, out.getHeight() / 2), colour) < 128) {
            x++;
        }
        return x;
    }

    private static int bandEdgeFromRight(BufferedImage out, int colour) {
        int x = out.getWidth() - 1;
        while (x >= 0 && TestImages.distance(out.getRGB(x, out.getHeight() / 2), colour) < 128) {
            x--;
        }
        return x + 1;
    }
}

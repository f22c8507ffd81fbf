package io.imagepipe.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import org.junit.jupiter.api.Test;

/**
 * Each input format DESIGN.md lists decodes to the right picture, and renditions get the format the
 * rules give: JPEG stays JPEG, PNG stays PNG, anything else becomes JPEG, or PNG when the source has
 * transparency; a format in the spec wins.
 */
class InputFormatsTest {
    private final ImageProcessor processor = new ImageProcessor(Limits.DEFAULT);

    @Test
    void baselineJpegStaysJpeg() throws ImageException {
        assertRendition(TestImages.jpeg(TestImages.quadrants(80, 60)), ImageFormat.JPEG, ImageFormat.JPEG);
    }

    @Test
    void progressiveJpegStaysJpeg() throws ImageException {
        byte[] source = TestImages.progressiveJpeg(TestImages.quadrants(80, 60));
        assertThat(JpegSegments.jpegMarkers(source)).as("progressive frame (SOF2)").contains(0xC2).doesNotContain(0xC0);

        assertRendition(source, ImageFormat.JPEG, ImageFormat.JPEG);
    }

    @Test
    void pngStaysPng() throws ImageException {
        assertRendition(TestImages.png(TestImages.quadrants(80, 60)), ImageFormat.PNG, ImageFormat.PNG);
    }

    @Test
    void animatedGifGivesItsFirstFrameAsJpeg() throws ImageException {
        byte[] source = TestImages.animatedGif(TestImages.quadrants(80, 60), TestImages.solid(80, 60, 0x000000),
                TestImages.solid(80, 60, 0xFFFFFF));

        assertRendition(source, ImageFormat.GIF, ImageFormat.JPEG);
    }

    @Test
    void transparentGifBecomesPng() throws ImageException {
        byte[] source = TestImages.imageIo(PngFlavoursTest.paletteImage(), "gif");

        Rendition r = rendition(source, "a=32x32:fit");

        assertThat(r.format()).isEqualTo(ImageFormat.PNG);
        BufferedImage out = TestImages.read(r.bytes());
        assertThat(out.getRGB(8, 8)).isEqualTo(0xFFFF0000);
        assertThat(out.getRGB(24, 24) >>> 24).as("transparent quadrant").isZero();
    }

    @Test
    void bmpBecomesJpeg() throws ImageException {
        assertRendition(TestImages.imageIo(TestImages.quadrants(80, 60), "bmp"), ImageFormat.BMP, ImageFormat.JPEG);
    }

    @Test
    void tiffBecomesJpeg() throws ImageException {
        assertRendition(TestImages.imageIo(TestImages.quadrants(80, 60), "tiff"), ImageFormat.TIFF, ImageFormat.JPEG);
    }

    @Test
    void tiffWithAlphaBecomesPng() throws ImageException {
        BufferedImage image = TestImages.quadrants(64, 64, BufferedImage.TYPE_INT_ARGB);
        clearBottomRight(image);

        Rendition r = rendition(TestImages.imageIo(image, "tiff"), "a=32x32:fit");

        assertThat(r.format()).isEqualTo(ImageFormat.PNG);
        BufferedImage out = TestImages.read(r.bytes());
        TestImages.assertColour(out.getRGB(8, 8), TestImages.TOP_LEFT, 2, "top left");
        assertThat(out.getRGB(24, 24) >>> 24).as("transparent quadrant").isZero();
    }

    @Test
    void losslessWebpBecomesJpeg() throws ImageException {
        byte[] source = LosslessWebp.encode(TestImages.quadrants(80, 60));

        assertRendition(source, ImageFormat.WEBP, ImageFormat.JPEG);
    }

    @Test
    void webpWithAlphaBecomesPngAndStaysTransparent() throws ImageException {
        BufferedImage image = TestImages.quadrants(64, 64, BufferedImage.TYPE_INT_ARGB);
        clearBottomRight(image);
        byte[] source = LosslessWebp.encode(image);

        Rendition r = rendition(source, "a=32x32:fit");

        assertThat(r.format()).isEqualTo(ImageFormat.PNG);
        assertThat(r.extension()).isEqualTo("png");
        BufferedImage out = TestImages.read(r.bytes());
        assertThat(out.getRGB(8, 8)).isEqualTo(0xFF000000 | TestImages.TOP_LEFT);
        assertThat(out.getRGB(24, 8)).isEqualTo(0xFF000000 | TestImages.TOP_RIGHT);
        assertThat(out.getRGB(24, 24) >>> 24).as("transparent quadrant").isZero();
    }

    @Test
    void formatInTheSpecWins() throws ImageException {
        byte[] jpeg = TestImages.jpeg(TestImages.quadrants(80, 60));
        byte[] png = TestImages.png(TestImages.quadrants(80, 60));

        ProcessedImage fromJpeg = processor.process(jpeg, Specs.parse("p=40x40:fit:png,j=40x40:fit:jpeg,d=40x40:fit"));
        ProcessedImage fromPng = processor.process(png, Specs.parse("j=40x40:fit:jpg,d=40x40:fit"));

        assertThat(fromJpeg.renditions()).extracting(Rendition::format)
                .containsExactly(ImageFormat.PNG, ImageFormat.JPEG, ImageFormat.JPEG);
        assertThat(fromPng.renditions()).extracting(Rendition::format).containsExactly(ImageFormat.JPEG, ImageFormat.PNG);
        for (Rendition r : fromJpeg.renditions()) {
            assertThat(processor.probe(r.bytes()).format()).as("bytes match the declared format").isEqualTo(r.format());
        }
        assertThat(fromPng.renditions().get(0).extension()).isEqualTo("jpg");
    }

    private void assertRendition(byte[] source, ImageFormat sourceFormat, ImageFormat expected) throws ImageException {
        SourceInfo info = processor.probe(source);
        assertThat(info.format()).isEqualTo(sourceFormat);
        assertThat(info.width()).isEqualTo(80);
        assertThat(info.height()).isEqualTo(60);

        ProcessedImage result = processor.process(source, Specs.parse("same=100x100:fit,half=40x0:fit,sq=30x30:fill"));

        assertThat(result.renditions()).extracting(r -> r.width() + "x" + r.height())
                .containsExactly("80x60", "40x30", "30x30");
        for (Rendition r : result.renditions()) {
            assertThat(r.format()).as(r.name()).isEqualTo(expected);
            assertThat(processor.probe(r.bytes()).format()).as(r.name() + " bytes").isEqualTo(expected);
            BufferedImage out = TestImages.read(r.bytes());
            assertThat(out.getWidth()).isEqualTo(r.width());
            assertThat(out.getHeight()).isEqualTo(r.height());
        }
        ExifOrientationIsAppliedUprightTest.assertUpright(TestImages.read(result.renditions().get(0).bytes()),
                sourceFormat.id());
        ExifOrientationIsAppliedUprightTest.assertUpright(TestImages.read(result.renditions().get(1).bytes()),
                sourceFormat.id() + " half");
    }

    private Rendition rendition(byte[] source, String spec) throws ImageException {
        return processor.process(source, Specs.parse(spec)).renditions().get(0);
    }

    private static void clearBottomRight(BufferedImage image) {
        for (int y = image.getHeight() / 2; y < image.getHeight(); y++) {
            for (int x = image.getWidth() / 2; x < image.getWidth(); x++) {
                image.setRGB(x, y, 0);
            }
        }
    }
}

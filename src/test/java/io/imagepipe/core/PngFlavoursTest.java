package io.imagepipe.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.Transparency;
import java.awt.color.ColorSpace;
import java.awt.image.BufferedImage;
import java.awt.image.ColorModel;
import java.awt.image.ComponentColorModel;
import java.awt.image.DataBuffer;
import java.awt.image.IndexColorModel;
import java.awt.image.WritableRaster;
import org.junit.jupiter.api.Test;

/**
 * PNG's colour types and depths each decode to the right colours, and transparency survives into PNG
 * renditions (and is flattened onto white for JPEG ones). Each source's IHDR is checked first, so the
 * test really covers the flavour it names.
 */
class PngFlavoursTest {
    private static final int COLOUR_TYPE_GREY = 0;
    private static final int COLOUR_TYPE_RGB = 2;
    private static final int COLOUR_TYPE_PALETTE = 3;
    private static final int COLOUR_TYPE_GREY_ALPHA = 4;

    private final ImageProcessor processor = new ImageProcessor(Limits.DEFAULT);

    @Test
    void sixteenBitRgbKeepsItsColours() throws ImageException {
        ColorModel cm = new ComponentColorModel(ColorSpace.getInstance(ColorSpace.CS_sRGB), false, false,
                Transparency.OPAQUE, DataBuffer.TYPE_USHORT);
        BufferedImage image = new BufferedImage(cm, cm.createCompatibleWritableRaster(64, 64), false, null);
        int[][] colours = {{200, 100, 30}, {10, 220, 90}, {60, 60, 250}, {250, 240, 5}};
        for (int y = 0; y < 64; y++) {
            for (int x = 0; x < 64; x++) {
                int[] c = colours[(y >= 32 ? 2 : 0) + (x >= 32 ? 1 : 0)];
                image.getRaster().setPixel(x, y, new int[] {c[0] * 257, c[1] * 257, c[2] * 257});
            }
        }
        byte[] source = TestImages.png(image);
        assertHeader(source, 16, COLOUR_TYPE_RGB, 0);

        Rendition r = process(source, "a=32x32:fit");

        assertThat(r.format()).isEqualTo(ImageFormat.PNG);
        int[] q = TestImages.quadrantColours(TestImages.read(r.bytes()));
        for (int i = 0; i < 4; i++) {
            int expected = colours[i][0] << 16 | colours[i][1] << 8 | colours[i][2];
            TestImages.assertColour(q[i], expected, 1, "16-bit quadrant " + i);
        }
    }

    @Test
    void paletteWithTransparencyStaysTransparentInPng() throws ImageException {
        byte[] source = TestImages.png(paletteImage());
        assertHeader(source, 8, COLOUR_TYPE_PALETTE, 0);
        assertThat(PngFiles.hasChunk(source, "tRNS")).isTrue();

        Rendition r = process(source, "a=32x32:fit");

        assertThat(r.format()).isEqualTo(ImageFormat.PNG);
        BufferedImage out = TestImages.read(r.bytes());
        assertThat(out.getColorModel().hasAlpha()).as("rendition has an alpha channel").isTrue();
        assertThat(out.getRGB(8, 8)).as("opaque red").isEqualTo(0xFFFF0000);
        assertThat(out.getRGB(24, 8)).as("opaque green").isEqualTo(0xFF00FF00);
        assertThat(out.getRGB(8, 24)).as("opaque blue").isEqualTo(0xFF0000FF);
        assertThat(out.getRGB(24, 24) >>> 24).as("transparent quadrant").isZero();
    }

    @Test
    void eightBitGreyKeepsItsLevels() throws ImageException {
        BufferedImage image = new BufferedImage(64, 64, BufferedImage.TYPE_BYTE_GRAY);
        fillGreyQuadrants(image.getRaster(), new int[] {0, 64, 128, 230}, null);
        byte[] source = TestImages.png(image);
        assertHeader(source, 8, COLOUR_TYPE_GREY, 0);

        Rendition r = process(source, "a=32x32:fit");

        assertGreyLevels(TestImages.read(r.bytes()), new int[] {0, 64, 128, 230});
    }

    @Test
    void sixteenBitGreyKeepsItsLevels() throws ImageException {
        BufferedImage image = new BufferedImage(64, 64, BufferedImage.TYPE_USHORT_GRAY);
        fillGreyQuadrants(image.getRaster(), new int[] {0, 64 * 257, 128 * 257, 230 * 257}, null);
        byte[] source = TestImages.png(image);
        assertHeader(source, 16, COLOUR_TYPE_GREY, 0);

        assertGreyLevels(TestImages.read(process(source, "a=32x32:fit").bytes()), new int[] {0, 64, 128, 230});
    }

    /**
     * Grey samples are stored in the same tone curve as RGB ones: grey 64 with alpha is shown as
     * #404040, not brightened as if it were linear light.
     */
    @Test
    void greyWithAlphaKeepsLevelsAndTransparency() throws ImageException {
        ColorModel cm = new ComponentColorModel(ColorSpace.getInstance(ColorSpace.CS_GRAY), true, false,
                Transparency.TRANSLUCENT, DataBuffer.TYPE_BYTE);
        BufferedImage image = new BufferedImage(cm, cm.createCompatibleWritableRaster(64, 64), false, null);
        fillGreyQuadrants(image.getRaster(), new int[] {64, 128, 200, 30}, new int[] {255, 255, 255, 0});
        byte[] source = TestImages.png(image);
        assertHeader(source, 8, COLOUR_TYPE_GREY_ALPHA, 0);

        Rendition r = process(source, "a=32x32:fit");

        assertThat(r.format()).isEqualTo(ImageFormat.PNG);
        BufferedImage out = TestImages.read(r.bytes());
        assertThat(out.getColorModel().hasAlpha()).isTrue();
        assertGreyLevels(out, new int[] {64, 128, 200});
        assertThat(out.getRGB(24, 24) >>> 24).as("transparent quadrant").isZero();
    }

    @Test
    void sixteenBitGreyWithAlphaKeepsLevels() throws ImageException {
        ColorModel cm = new ComponentColorModel(ColorSpace.getInstance(ColorSpace.CS_GRAY), true, false,
                Transparency.TRANSLUCENT, DataBuffer.TYPE_USHORT);
        BufferedImage image = new BufferedImage(cm, cm.createCompatibleWritableRaster(64, 64), false, null);
        fillGreyQuadrants(image.getRaster(), new int[] {64 * 257, 128 * 257, 200 * 257, 0},
                new int[] {65535, 65535, 65535, 0});
        byte[] source = TestImages.png(image);
        assertHeader(source, 16, COLOUR_TYPE_GREY_ALPHA, 0);

        BufferedImage out = TestImages.read(process(source, "a=32x32:fit").bytes());

        assertGreyLevels(out, new int[] {64, 128, 200});
        assertThat(out.getRGB(24, 24) >>> 24).as("transparent quadrant").isZero();
    }

    @Test
    void interlacedPngDecodesLikeAPlainOne() throws ImageException {
        byte[] source = TestImages.interlacedPng(TestImages.quadrants(90, 60));
        assertHeader(source, 8, COLOUR_TYPE_RGB, 1);

        Rendition r = process(source, "a=45x45:fit");

        assertThat(r.width()).isEqualTo(45);
        assertThat(r.height()).isEqualTo(30);
        ExifOrientationIsAppliedUprightTest.assertUpright(TestImages.read(r.bytes()), "Adam7 PNG");
    }

    @Test
    void transparentPngAsJpegIsFlattenedOntoWhite() throws ImageException {
        BufferedImage image = new BufferedImage(64, 64, BufferedImage.TYPE_INT_ARGB);
        for (int y = 0; y < 64; y++) {
            for (int x = 0; x < 64; x++) {
                // left half opaque blue, right half fully transparent black (what naive encoders show)
                image.setRGB(x, y, x < 32 ? 0xFF0000FF : 0x00000000);
            }
        }
        byte[] source = TestImages.png(image);

        Rendition r = process(source, "a=32x32:fit:jpeg");

        assertThat(r.format()).isEqualTo(ImageFormat.JPEG);
        assertThat(r.contentType()).isEqualTo("image/jpeg");
        BufferedImage out = TestImages.read(r.bytes());
        TestImages.assertColour(TestImages.meanRgb(out, 24, 16, 3), 0xFFFFFF, 8, "transparent area");
        TestImages.assertColour(TestImages.meanRgb(out, 6, 16, 3), 0x0000FF, 24, "opaque area");
    }

    @Test
    void halfTransparentPixelsAreBlendedOntoWhiteForJpeg() throws ImageException {
        BufferedImage image = new BufferedImage(32, 32, BufferedImage.TYPE_INT_ARGB);
        for (int y = 0; y < 32; y++) {
            for (int x = 0; x < 32; x++) {
                image.setRGB(x, y, 0x80000000); // black at 50 %
            }
        }

        Rendition r = process(TestImages.png(image), "a=32x32:fit:jpeg");

        TestImages.assertColour(TestImages.meanRgb(TestImages.read(r.bytes()), 16, 16, 4), 0x7F7F7F, 6,
                "50 % black over white");
    }

    private Rendition process(byte[] source, String spec) throws ImageException {
        return processor.process(source, Specs.parse(spec)).renditions().get(0);
    }

    static BufferedImage paletteImage() {
        byte[] r = {(byte) 255, 0, 0, (byte) 255};
        byte[] g = {0, (byte) 255, 0, (byte) 255};
        byte[] b = {0, 0, (byte) 255, 0};
        byte[] a = {(byte) 255, (byte) 255, (byte) 255, 0};
        BufferedImage image = new BufferedImage(64, 64, BufferedImage.TYPE_BYTE_INDEXED, new IndexColorModel(8, 4, r, g, b, a));
        for (int y = 0; y < 64; y++) {
            for (int x = 0; x < 64; x++) {
                image.getRaster().setSample(x, y, 0, (y >= 32 ? 2 : 0) + (x >= 32 ? 1 : 0));
            }
        }
        return image;
    }

    private static void fillGreyQuadrants(WritableRaster raster, int[] levels, int[] alphas) {
        for (int y = 0; y < raster.getHeight(); y++) {
            for (int x = 0; x < raster.getWidth(); x++) {
                int q = (y >= raster.getHeight() / 2 ? 2 : 0) + (x >= raster.getWidth() / 2 ? 1 : 0);
                raster.setSample(x, y, 0, levels[q]);
                if (alphas != null) {
                    raster.setSample(x, y, 1, alphas[q]);
                }
            }
        }
    }

    private static void assertGreyLevels(BufferedImage out, int[] levels) {
        int[] q = TestImages.quadrantColours(out);
        for (int i = 0; i < levels.length; i++) {
            TestImages.assertColour(q[i], levels[i] * 0x010101, 1, "grey quadrant " + i);
        }
    }

    private static void assertHeader(byte[] png, int bitDepth, int colourType, int interlace) {
        int[] h = PngFiles.pngHeader(png);
        assertThat(h[2]).as("bit depth").isEqualTo(bitDepth);
        assertThat(h[3]).as("colour type").isEqualTo(colourType);
        assertThat(h[4]).as("interlace").isEqualTo(interlace);
    }
}

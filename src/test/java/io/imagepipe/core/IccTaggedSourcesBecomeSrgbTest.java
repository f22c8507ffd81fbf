package io.imagepipe.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.color.ColorSpace;
import java.awt.color.ICC_Profile;
import java.awt.image.BufferedImage;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Pixels tagged with an ICC profile mean the colours of that profile; renditions carry no profile, so
 * they must be converted to sRGB. The expected values are computed from the primaries by
 * {@link IccProfiles#toSrgb}, independently of the colour management under test.
 */
class IccTaggedSourcesBecomeSrgbTest {
    /** A mid red whose Adobe RGB meaning is clearly more saturated than the same numbers in sRGB. */
    private static final int MID_RED = 0xC8503C;
    private static final byte[] ADOBE = IccProfiles.matrixTrc("Adobe RGB (1998) primaries, test", IccProfiles.ADOBE_RGB,
            IccProfiles.ADOBE_RGB_GAMMA);
    private static final byte[] SWAPPED = IccProfiles.matrixTrc("sRGB with red and green swapped, test",
            IccProfiles.SWAPPED_RED_GREEN, 2.2);

    private final ImageProcessor processor = new ImageProcessor(Limits.DEFAULT);

    @BeforeAll
    static void theTestProfilesAreValidRgbProfiles() {
        for (byte[] profile : new byte[][] {ADOBE, SWAPPED}) {
            ICC_Profile p = ICC_Profile.getInstance(profile);
            assertThat(p.getColorSpaceType()).isEqualTo(ColorSpace.TYPE_RGB);
            assertThat(p.getNumComponents()).isEqualTo(3);
        }
    }

    @Test
    void adobeRgbJpegMidColourIsConvertedToSrgb() throws ImageException {
        int expected = IccProfiles.toSrgb(MID_RED, IccProfiles.ADOBE_RGB, IccProfiles.ADOBE_RGB_GAMMA);
        assertThat(TestImages.distance(expected, MID_RED)).as("the conversion must be visible").isGreaterThan(20);
        byte[] source = JpegSegments.withIccProfile(TestImages.jpeg(TestImages.solid(64, 64, MID_RED), 1.0f, false), ADOBE);
        assertThat(processor.probe(source).iccProfile()).isTrue();

        int got = centre(processor.process(source, Specs.parse("a=32x32:fit")).renditions().get(0));

        TestImages.assertColour(got, expected, 6, "Adobe RGB " + TestImages.hex(MID_RED) + " in sRGB");
    }

    @Test
    void swappedPrimariesJpegStoredRedReadsGreen() throws ImageException {
        byte[] source = JpegSegments.withIccProfile(TestImages.jpeg(TestImages.solid(64, 64, 0xFF0000), 1.0f, false), SWAPPED);

        int got = centre(processor.process(source, Specs.parse("a=32x32:fit")).renditions().get(0));

        TestImages.assertColour(got, 0x00FF00, 12, "stored red under swapped primaries");
    }

    @Test
    void adobeRgbPngIccpIsConvertedToSrgb() throws ImageException {
        int expected = IccProfiles.toSrgb(MID_RED, IccProfiles.ADOBE_RGB, IccProfiles.ADOBE_RGB_GAMMA);
        byte[] source = PngFiles.withChunkAfterIhdr(TestImages.png(TestImages.solid(64, 64, MID_RED)),
                PngFiles.iccpChunk("Adobe RGB test", ADOBE));
        assertThat(processor.probe(source).iccProfile()).isTrue();

        Rendition r = processor.process(source, Specs.parse("a=32x32:fit")).renditions().get(0);

        assertThat(r.format()).isEqualTo(ImageFormat.PNG);
        assertThat(PngFiles.hasChunk(r.bytes(), "iCCP")).as("rendition is plain sRGB").isFalse();
        TestImages.assertColour(centre(r), expected, 3, "Adobe RGB PNG " + TestImages.hex(MID_RED) + " in sRGB");
    }

    @Test
    void swappedPrimariesPngStoredRedReadsGreenAndKeepsItsTransparency() throws ImageException {
        BufferedImage image = new BufferedImage(64, 64, BufferedImage.TYPE_INT_ARGB);
        for (int y = 0; y < 64; y++) {
            for (int x = 0; x < 64; x++) {
                image.setRGB(x, y, x < 32 ? 0xFFFF0000 : 0x00000000);
            }
        }
        byte[] source = PngFiles.withChunkAfterIhdr(TestImages.png(image), PngFiles.iccpChunk("swapped", SWAPPED));

        Rendition r = processor.process(source, Specs.parse("a=32x32:fit")).renditions().get(0);

        BufferedImage out = TestImages.read(r.bytes());
        TestImages.assertColour(out.getRGB(8, 16), 0x00FF00, 3, "stored red under swapped primaries (PNG)");
        assertThat(out.getRGB(8, 16) >>> 24).as("opaque half").isEqualTo(255);
        assertThat(out.getRGB(24, 16) >>> 24).as("transparent half").isZero();
    }

    @Test
    void untaggedSourceKeepsItsNumbers() throws ImageException {
        byte[] source = TestImages.png(TestImages.solid(64, 64, MID_RED));

        int got = centre(processor.process(source, Specs.parse("a=32x32:fit")).renditions().get(0));

        assertThat(TestImages.hex(got)).isEqualTo(TestImages.hex(MID_RED));
    }

    private static int centre(Rendition r) {
        BufferedImage out = TestImages.read(r.bytes());
        return TestImages.meanRgb(out, out.getWidth() / 2, out.getHeight() / 2, 4);
    }
}

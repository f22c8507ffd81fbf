package io.imagepipe.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.color.ColorSpace;
import java.awt.image.BufferedImage;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Four-component JPEGs from print workflows (Adobe CMYK and YCCK) come out as sRGB with the colours of
 * their inks. The JDK's own reader decodes them silently with wrong colours, so this pins the reader
 * choice and the conversion. Without an embedded CMYK profile the conversion is the naive one, so
 * pure inks land near the sRGB secondaries; the tolerance leaves room for a profile-based conversion.
 */
class CmykJpegBecomesSrgbTest {
    /** Inks per quadrant {c, m, y, k}: cyan, magenta / yellow, black. */
    private static final int[][] INKS = {{255, 0, 0, 0}, {0, 255, 0, 0}, {0, 0, 255, 0}, {0, 0, 0, 255}};
    private static final int[] EXPECTED = {0x00FFFF, 0xFF00FF, 0xFFFF00, 0x000000};
    private static final String[] NAMES = {"cyan", "magenta", "yellow", "black"};

    private final ImageProcessor processor = new ImageProcessor(Limits.DEFAULT);

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"cmyk", "ycck"})
    void inkPatchesComeOutAsTheirSrgbColours(String kind) throws ImageException {
        byte[] source = JpegSegments.cmykJpeg(64, 64, INKS, kind.equals("ycck"));
        SourceInfo info = processor.probe(source);
        assertThat(info.cmyk()).as("probe sees four components").isTrue();

        ProcessedImage result = processor.process(source, Specs.parse("same=64x64:fit,small=32x32:fit,p=32x32:fit:png"));

        for (Rendition r : result.renditions()) {
            BufferedImage out = TestImages.read(r.bytes());
            assertThat(out.getColorModel().getColorSpace().getType()).isEqualTo(ColorSpace.TYPE_RGB);
            assertThat(out.getColorModel().getNumColorComponents()).isEqualTo(3);
            int[] q = TestImages.quadrantColours(out);
            for (int i = 0; i < 4; i++) {
                TestImages.assertColour(q[i], EXPECTED[i], 48, kind + " " + NAMES[i] + " in " + r.name());
            }
        }
        Rendition jpeg = result.renditions().get(0);
        assertThat(jpeg.format()).isEqualTo(ImageFormat.JPEG);
        assertThat(processor.probe(jpeg.bytes()).cmyk()).as("rendition is three-component").isFalse();
        assertThat(JpegSegments.jpegMarkers(jpeg.bytes())).as("no Adobe CMYK marker").doesNotContain(0xEE);
    }
}

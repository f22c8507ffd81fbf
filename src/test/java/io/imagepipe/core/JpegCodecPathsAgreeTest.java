package io.imagepipe.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.awt.image.BufferedImage;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The libjpeg-turbo path (DCT-scaled decode, libjpeg-turbo encode) and the ImageIO path give the
 * same renditions, within JPEG's own noise, for every common JPEG encoding; and both refuse broken
 * files as corrupt instead of returning a grey-filled picture. Needs the system libturbojpeg
 * (Debian libturbojpeg0, installed by .ci/run): without it these tests skip, saying so.
 */
class JpegCodecPathsAgreeTest {
    private static final List<RenditionSpec> SPECS = Specs.parse("full=2000x2000:fit,half=160x160:fit,crop=50x50:fill");

    private static JpegCodec turbo;
    private static ImageProcessor fast;
    private static ImageProcessor fallback;

    @BeforeAll
    static void loadBothPaths() {
        turbo = JpegCodec.select("turbojpeg");
        assumeTrue(turbo.path() == JpegCodec.Path.TURBOJPEG,
                "libturbojpeg is not installed (Debian libturbojpeg0): " + turbo.reason());
        fast = new ImageProcessor(Limits.DEFAULT, turbo);
        fallback = new ImageProcessor(Limits.DEFAULT, JpegCodec.select("imageio"));
    }

    static Stream<Arguments> flavours() {
        BufferedImage colour = JpegFlavours.scene(333, 257, BufferedImage.TYPE_INT_RGB);
        BufferedImage grey = JpegFlavours.scene(320, 240, BufferedImage.TYPE_BYTE_GRAY);
        return Stream.of(
                Arguments.of("baseline 4:2:0", JpegFlavours.jpeg(colour, 2, 2, 0, false)),
                Arguments.of("baseline 4:2:2", JpegFlavours.jpeg(colour, 2, 1, 0, false)),
                Arguments.of("baseline 4:4:4", JpegFlavours.jpeg(colour, 1, 1, 0, false)),
                Arguments.of("progressive 4:2:0", JpegFlavours.jpeg(colour, 2, 2, 0, true)),
                Arguments.of("progressive 4:4:4", JpegFlavours.jpeg(colour, 1, 1, 0, true)),
                Arguments.of("restart every 3 MCUs", JpegFlavours.jpeg(colour, 2, 2, 3, false)),
                Arguments.of("greyscale", TestImages.jpeg(grey)),
                Arguments.of("odd size 1x1", TestImages.jpeg(JpegFlavours.scene(1, 1, BufferedImage.TYPE_INT_RGB))),
                Arguments.of("odd size 17x3", JpegFlavours.jpeg(JpegFlavours.scene(17, 3, BufferedImage.TYPE_INT_RGB), 2, 2, 0, false)),
                Arguments.of("CMYK", JpegSegments.cmykJpeg(64, 48, new int[][] {{255, 0, 0, 0}, {0, 255, 0, 0}, {0, 0, 255, 0}, {0, 0, 0, 255}}, false)),
                Arguments.of("YCCK", JpegSegments.cmykJpeg(64, 48, new int[][] {{255, 0, 0, 0}, {0, 255, 0, 0}, {0, 0, 255, 0}, {0, 0, 0, 255}}, true)),
                Arguments.of("EXIF orientation 6", JpegSegments.withExif(JpegFlavours.jpeg(colour, 2, 2, 0, false), 6, false)),
                Arguments.of("Adobe RGB ICC profile", JpegSegments.withIccProfile(JpegFlavours.jpeg(colour, 2, 2, 0, false),
                        IccProfiles.matrixTrc("Adobe RGB test", IccProfiles.ADOBE_RGB, IccProfiles.ADOBE_RGB_GAMMA))),
                Arguments.of("sRGB ICC profile", JpegSegments.withIccProfile(JpegFlavours.jpeg(colour, 2, 2, 0, true),
                        java.awt.color.ICC_Profile.getInstance(java.awt.color.ColorSpace.CS_sRGB).getData())),
                Arguments.of("grey ICC profile on a grey JPEG", JpegSegments.withIccProfile(TestImages.jpeg(grey),
                        java.awt.color.ICC_Profile.getInstance(java.awt.color.ColorSpace.CS_GRAY).getData())));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("flavours")
    void fastAndFallbackPathsGiveTheSameRenditions(String flavour, byte[] jpeg) throws ImageException {
        ProcessedImage a = fast.process(jpeg, SPECS);
        ProcessedImage b = fallback.process(jpeg, SPECS);

        for (int i = 0; i < SPECS.size(); i++) {
            BufferedImage x = TestImages.read(a.renditions().get(i).bytes());
            BufferedImage y = TestImages.read(b.renditions().get(i).bytes());
            String what = flavour + ", rendition " + SPECS.get(i).name();
            assertThat(x.getWidth()).as(what).isEqualTo(y.getWidth());
            assertThat(x.getHeight()).as(what).isEqualTo(y.getHeight());
            // Two encoders, and a DCT-scaled decode against a point-subsampled one: levels apart, not more.
            assertThat(meanAbsoluteDifference(x, y)).as(what + ": mean difference in levels").isLessThan(4.0);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("flavours")
    void decodedPixelsIsWhatTheDecodeAllocates(String flavour, byte[] jpeg) throws ImageException {
        SourceInfo info = fast.probe(jpeg);
        ImageDecoder decoder = new ImageDecoder(turbo);
        double scale = ImageProcessor.decodeScale(info, SPECS);

        BufferedImage decoded = decoder.decode(jpeg, info, scale);

        assertThat((long) decoded.getWidth() * decoded.getHeight()).as(flavour)
                .isEqualTo(fast.decodedPixels(info, SPECS));
    }

    @Test
    void everyColourFlavourTakesTheTurboJpegPath() throws Exception {
        TurboJpeg library = turbo.turboJpeg().orElseThrow();
        for (Arguments flavour : flavours().toList()) {
            String name = (String) flavour.get()[0];
            byte[] jpeg = (byte[]) flavour.get()[1];
            if (name.equals("CMYK") || name.equals("YCCK")) {
                assertThatThrownBy(() -> library.decode(jpeg, 8)).as(name).isInstanceOf(TurboJpegException.class);
            } else {
                BufferedImage full = library.decode(jpeg, 8);
                assertThat(full.getWidth()).as(name).isEqualTo(fast.probe(jpeg).width());
            }
        }
    }

    @Test
    void dctScaledDecodeKeepsTheColoursOfTheScene() throws Exception {
        BufferedImage scene = JpegFlavours.scene(800, 600, BufferedImage.TYPE_INT_RGB);
        byte[] jpeg = JpegFlavours.jpeg(scene, 2, 2, 0, false);

        BufferedImage eighth = turbo.turboJpeg().orElseThrow().decode(jpeg, 1);

        assertThat(eighth.getWidth()).isEqualTo(100);
        assertThat(eighth.getHeight()).isEqualTo(75);
        // The red disc's centre and the green block's centre, at 1/8 scale.
        TestImages.assertColour(TestImages.meanRgb(eighth, 100 / 8 + 100 / 6, 75 / 8 + 75 / 6, 2), 0xC02020, 12, "red disc");
        TestImages.assertColour(TestImages.meanRgb(eighth, 50 + 12, 37 + 7, 2), 0x10A040, 12, "green block");
    }

    static Stream<Arguments> brokenFiles() {
        BufferedImage scene = JpegFlavours.scene(400, 300, BufferedImage.TYPE_INT_RGB);
        byte[] baseline = JpegFlavours.jpeg(scene, 2, 2, 0, false);
        byte[] progressive = JpegFlavours.jpeg(scene, 2, 2, 0, true);
        byte[] restart = JpegFlavours.jpeg(scene, 2, 2, 4, false);
        return Stream.of(
                Arguments.of("baseline cut in half", Arrays.copyOf(baseline, baseline.length / 2)),
                Arguments.of("baseline without its last 100 bytes", Arrays.copyOf(baseline, baseline.length - 100)),
                Arguments.of("progressive cut in half", Arrays.copyOf(progressive, progressive.length / 2)),
                Arguments.of("progressive cut after its first scans", Arrays.copyOf(progressive, progressive.length / 5)),
                Arguments.of("restart intervals cut in half", Arrays.copyOf(restart, restart.length / 2)),
                Arguments.of("cut inside the header", Arrays.copyOf(baseline, 40)),
                Arguments.of("Huffman tables overwritten", damagedHuffmanTables(baseline)),
                Arguments.of("Adobe RGB ICC-tagged cut in half", Arrays.copyOf(JpegSegments.withIccProfile(baseline,
                        IccProfiles.matrixTrc("Adobe RGB test", IccProfiles.ADOBE_RGB, IccProfiles.ADOBE_RGB_GAMMA)),
                        baseline.length / 2)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("brokenFiles")
    void brokenJpegIsCorruptOnBothPaths(String what, byte[] jpeg) {
        for (ImageProcessor processor : List.of(fast, fallback)) {
            assertThatThrownBy(() -> processor.process(jpeg, SPECS)).as(what + " on " + processor.jpegCodec().path())
                    .isInstanceOf(CorruptImageException.class);
        }
    }

    @Test
    void aBrokenFileDoesNotSpoilTheNextDecodeOnTheSameThread() throws Exception {
        byte[] good = JpegFlavours.jpeg(JpegFlavours.scene(320, 240, BufferedImage.TYPE_INT_RGB), 2, 2, 0, false);
        TurboJpeg library = turbo.turboJpeg().orElseThrow();
        for (Arguments broken : brokenFiles().toList()) {
            byte[] bad = (byte[]) broken.get()[1];
            assertThatThrownBy(() -> library.decode(bad, 4)).as((String) broken.get()[0])
                    .isInstanceOf(TurboJpegException.class);
            BufferedImage after = library.decode(good, 8);
            assertThat(after.getWidth()).isEqualTo(320);
            TestImages.assertColour(TestImages.meanRgb(after, 320 / 8 + 320 / 6, 240 / 8 + 240 / 6, 3), 0xC02020, 12,
                    "red disc after " + broken.get()[0]);
        }
    }

    @Test
    void theSameRenditionBytesEveryTime() throws ImageException {
        byte[] jpeg = JpegFlavours.jpeg(JpegFlavours.scene(333, 257, BufferedImage.TYPE_INT_RGB), 2, 2, 0, true);

        ProcessedImage first = fast.process(jpeg, SPECS);
        ProcessedImage second = fast.process(jpeg.clone(), SPECS);

        for (int i = 0; i < SPECS.size(); i++) {
            assertThat(second.renditions().get(i).bytes()).isEqualTo(first.renditions().get(i).bytes());
        }
    }

    /** Every byte of every DHT segment's table replaced by 0xFF: no valid Huffman code. */
    private static byte[] damagedHuffmanTables(byte[] jpeg) {
        byte[] out = jpeg.clone();
        int i = 2;
        while (i + 4 <= out.length && (out[i] & 0xff) == 0xFF) {
            int marker = out[i + 1] & 0xff;
            int length = ((out[i + 2] & 0xff) << 8) | (out[i + 3] & 0xff);
            if (marker == 0xC4) {
                Arrays.fill(out, i + 5, i + 2 + length, (byte) 0xFF);
            }
            if (marker == 0xDA) {
                break;
            }
            i += 2 + length;
        }
        return out;
    }

    private static double meanAbsoluteDifference(BufferedImage x, BufferedImage y) {
        long sum = 0;
        for (int j = 0; j < x.getHeight(); j++) {
            for (int i = 0; i < x.getWidth(); i++) {
                int p = x.getRGB(i, j);
                int q = y.getRGB(i, j);
                for (int s = 0; s < 24; s += 8) {
                    sum += Math.abs((p >> s & 0xff) - (q >> s & 0xff));
                }
            }
        }
        return sum / (3.0 * x.getWidth() * x.getHeight());
    }
}

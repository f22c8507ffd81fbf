package io.imagepipe.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The planar path (JPEG in, JPEG out: Y, Cb and Cr planes from libjpeg-turbo's decode to its
 * encode) gives the renditions the interleaved libjpeg-turbo path and the ImageIO path give, for
 * every sampling, odd sizes, crops and all eight EXIF orientations. The interleaved libjpeg-turbo
 * renditions come from the same processor with one PNG rendition added: a source with any non-JPEG
 * output stays interleaved. Needs the system libturbojpeg; skips without it.
 */
class PlanarJpegTest {
    private static final String JPEG_SPECS = "full=2000x2000:fit,mid=160x160:fit,small=37x37:fit,square=50x50:fill,"
            + "strip=90x30:fill";
    private static final List<RenditionSpec> SPECS = Specs.parse(JPEG_SPECS);
    private static final List<RenditionSpec> SPECS_WITH_PNG = Specs.parse(JPEG_SPECS + ",png=8x8:fit:png");

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
        return Stream.of(
                Arguments.of("baseline 4:2:0", JpegFlavours.jpeg(colour, 2, 2, 0, false)),
                Arguments.of("baseline 4:2:2", JpegFlavours.jpeg(colour, 2, 1, 0, false)),
                Arguments.of("baseline 4:4:4", JpegFlavours.jpeg(colour, 1, 1, 0, false)),
                Arguments.of("baseline 4:4:0", JpegFlavours.jpeg(colour, 1, 2, 0, false)),
                Arguments.of("baseline 4:1:1", JpegFlavours.jpeg(colour, 4, 1, 0, false)),
                Arguments.of("progressive 4:2:0", JpegFlavours.jpeg(colour, 2, 2, 0, true)),
                Arguments.of("progressive 4:4:4", JpegFlavours.jpeg(colour, 1, 1, 0, true)),
                Arguments.of("restart every 3 MCUs", JpegFlavours.jpeg(colour, 2, 2, 3, false)),
                Arguments.of("greyscale", TestImages.jpeg(JpegFlavours.scene(320, 240, BufferedImage.TYPE_BYTE_GRAY))),
                Arguments.of("greyscale 17x9", TestImages.jpeg(JpegFlavours.scene(17, 9, BufferedImage.TYPE_BYTE_GRAY))),
                Arguments.of("1x1", odd(1, 1, 2, 2)),
                Arguments.of("3x5 4:2:0", odd(3, 5, 2, 2)),
                Arguments.of("17x9 4:2:0", odd(17, 9, 2, 2)),
                Arguments.of("17x9 4:2:2", odd(17, 9, 2, 1)),
                Arguments.of("17x9 4:4:0", odd(17, 9, 1, 2)),
                Arguments.of("1601x3 4:2:0", odd(1601, 3, 2, 2)),
                Arguments.of("3x1601 4:4:4", odd(3, 1601, 1, 1)));
    }

    private static byte[] odd(int width, int height, int h, int v) {
        return JpegFlavours.jpeg(JpegFlavours.scene(width, height, BufferedImage.TYPE_INT_RGB), h, v, 0, false);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("flavours")
    void everyFlavourDecodesToPlanesOfTheScaledSize(String flavour, byte[] jpeg) throws Exception {
        TurboJpeg library = turbo.turboJpeg().orElseThrow();
        SourceInfo info = fast.probe(jpeg);
        for (int eighths : new int[] {8, 4, 3, 1}) {
            PlanarPicture planes = library.decodePlanar(jpeg, eighths).orElseThrow();
            BufferedImage interleaved = library.decode(jpeg, eighths);
            String what = flavour + " at " + eighths + "/8";

            assertThat(planes.size()).as(what).isEqualTo(TurboJpeg.scaled(info.width(), info.height(), eighths));
            assertThat(planes.grey()).as(what).isEqualTo(flavour.startsWith("greyscale"));
            assertThat(meanLumaDifference(toRgb(planes), interleaved)).as(what + ": luma").isLessThan(1.0);
            if (Math.min(planes.width(), planes.height()) >= 32) {
                // libjpeg-turbo's own YCbCr->RGB with its chroma upsampling against the JFIF equations
                // over bilinear chroma (also at DCT scales, where 4:2:0 chroma needs libjpeg-turbo's
                // special case). In tiny pictures the edges, where the two upsamplings differ, dominate.
                assertThat(meanAbsoluteDifference(toRgb(planes), interleaved)).as(what).isLessThan(3.0);
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("flavours")
    void planarRenditionsMatchTheInterleavedAndImageIoPaths(String flavour, byte[] jpeg) throws ImageException {
        SourceInfo info = fast.probe(jpeg);
        assertThat(new ImageDecoder(turbo).decode(jpeg, info, ImageProcessor.decodeScale(info, SPECS), true))
                .as(flavour + " takes the planar path").isInstanceOf(PlanarPicture.class);

        List<Rendition> planar = fast.process(jpeg, SPECS).renditions();
        List<Rendition> interleaved = fast.process(jpeg, SPECS_WITH_PNG).renditions();
        List<Rendition> imageIo = fallback.process(jpeg, SPECS).renditions();

        for (int i = 0; i < SPECS.size(); i++) {
            String what = flavour + ", rendition " + SPECS.get(i).name();
            BufferedImage p = TestImages.read(planar.get(i).bytes());
            BufferedImage t = TestImages.read(interleaved.get(i).bytes());
            BufferedImage j = TestImages.read(imageIo.get(i).bytes());
            assertThat(List.of(p.getWidth(), p.getHeight())).as(what).isEqualTo(List.of(t.getWidth(), t.getHeight()))
                    .isEqualTo(List.of(j.getWidth(), j.getHeight()))
                    .isEqualTo(List.of(planar.get(i).width(), planar.get(i).height()));
            if (Math.min(p.getWidth(), p.getHeight()) >= 16) {
                assertThat(meanLumaDifference(p, t)).as(what + ": luma against interleaved libjpeg-turbo").isLessThan(1.5);
                // Tiny renditions are mostly edge, where the interleaved path's chroma went through
                // upsampling to RGB and the encoder's downsampling while the planar path's did not.
                assertThat(meanAbsoluteDifference(p, t)).as(what + ": planar against interleaved libjpeg-turbo")
                        .isLessThan(3.0);
                assertThat(psnr(p, t)).as(what + ": PSNR against interleaved libjpeg-turbo").isGreaterThan(30.0);
                assertThat(meanAbsoluteDifference(p, j)).as(what + ": planar against ImageIO").isLessThan(4.0);
            } else {
                assertThat(meanLumaDifference(p, t)).as(what + ": luma against interleaved libjpeg-turbo").isLessThan(3.0);
                assertThat(meanAbsoluteDifference(p, t)).as(what + ": planar against interleaved libjpeg-turbo")
                        .isLessThan(8.0);
            }
        }
    }

    @Test
    void everythingElseStaysInterleaved() throws ImageException {
        byte[] plain = JpegFlavours.jpeg(JpegFlavours.scene(96, 64, BufferedImage.TYPE_INT_RGB), 2, 2, 0, false);
        byte[] cmyk = JpegSegments.cmykJpeg(64, 48, new int[][] {{255, 0, 0, 0}, {0, 255, 0, 0}, {0, 0, 255, 0}, {0, 0, 0, 255}}, false);
        byte[] iccTagged = JpegSegments.withIccProfile(plain,
                IccProfiles.matrixTrc("Adobe RGB", IccProfiles.ADOBE_RGB, IccProfiles.ADOBE_RGB_GAMMA));
        byte[] png = TestImages.png(JpegFlavours.scene(96, 64, BufferedImage.TYPE_INT_RGB));
        ImageDecoder decoder = new ImageDecoder(turbo);

        assertThat(decoder.decode(plain, fast.probe(plain), 1.0, true)).isInstanceOf(PlanarPicture.class);
        assertThat(decoder.decode(plain, fast.probe(plain), 1.0, false)).as("a PNG rendition wanted too")
                .isInstanceOf(InterleavedPicture.class);
        assertThat(decoder.decode(cmyk, fast.probe(cmyk), 1.0, true)).as("CMYK").isInstanceOf(InterleavedPicture.class);
        assertThat(decoder.decode(iccTagged, fast.probe(iccTagged), 1.0, true)).as("ICC-tagged")
                .isInstanceOf(InterleavedPicture.class);
        byte[] srgbTagged = JpegSegments.withIccProfile(plain,
                java.awt.color.ICC_Profile.getInstance(java.awt.color.ColorSpace.CS_sRGB).getData());
        assertThat(decoder.decode(srgbTagged, fast.probe(srgbTagged), 1.0, true)).as("tagged sRGB: nothing to convert")
                .isInstanceOf(PlanarPicture.class);
        assertThat(decoder.decode(png, fast.probe(png), 1.0, true)).as("PNG").isInstanceOf(InterleavedPicture.class);
        assertThat(new ImageDecoder(JpegCodec.select("imageio")).decode(plain, fast.probe(plain), 1.0, true))
                .as("IMAGEPIPE_JPEG_CODEC=imageio").isInstanceOf(InterleavedPicture.class);
    }

    @Test
    void greyscaleStaysOneComponent() throws ImageException {
        byte[] jpeg = TestImages.jpeg(JpegFlavours.scene(320, 240, BufferedImage.TYPE_BYTE_GRAY));

        for (Rendition r : fast.process(jpeg, SPECS).renditions()) {
            assertThat(sofComponents(r.bytes())).as(r.name()).isEqualTo(1);
        }
    }

    @Test
    void colourRenditionsAreFourTwoZero() throws ImageException {
        byte[] jpeg = JpegFlavours.jpeg(JpegFlavours.scene(333, 257, BufferedImage.TYPE_INT_RGB), 1, 1, 0, false);

        for (Rendition r : fast.process(jpeg, SPECS).renditions()) {
            assertThat(sofComponents(r.bytes())).as(r.name()).isEqualTo(3);
            assertThat(lumaSampling(r.bytes())).as(r.name()).isEqualTo(0x22);
        }
    }

    @ParameterizedTest(name = "orientation {0}")
    @ValueSource(ints = {1, 2, 3, 4, 5, 6, 7, 8})
    void everyOrientationComesOutUpright(int orientation) throws ImageException {
        // Odd sides, so that a mirrored axis has a half-covered last chroma sample.
        for (int[] size : new int[][] {{120, 80}, {121, 81}}) {
            BufferedImage upright = TestImages.quadrants(size[0], size[1]);
            byte[] source = JpegSegments.withExif(
                    TestImages.jpeg(TestImages.storedForOrientation(upright, orientation)), orientation, false);
            List<RenditionSpec> specs = Specs.parse("full=400x400:fit,half=61x61:fit,square=31x31:fill,strip=41x11:fill");

            List<Rendition> planar = fast.process(source, specs).renditions();
            List<Rendition> imageIo = fallback.process(source, specs).renditions();

            for (int i = 0; i < specs.size(); i++) {
                Rendition r = planar.get(i);
                String what = "orientation " + orientation + ", " + size[0] + "x" + size[1] + ", rendition " + r.name();
                BufferedImage out = TestImages.read(r.bytes());
                BufferedImage reference = TestImages.read(imageIo.get(i).bytes());
                assertThat(List.of(out.getWidth(), out.getHeight())).as(what)
                        .isEqualTo(List.of(r.width(), r.height()))
                        .isEqualTo(List.of(reference.getWidth(), reference.getHeight()));
                ExifOrientationIsAppliedUprightTest.assertUpright(out, what);
                assertThat(meanAbsoluteDifference(out, reference)).as(what + ": against ImageIO").isLessThan(4.0);
            }
            assertThat(List.of(planar.get(0).width(), planar.get(0).height())).isEqualTo(List.of(size[0], size[1]));
        }
    }

    @ParameterizedTest(name = "orientation {0}")
    @ValueSource(ints = {2, 3, 4, 5, 6, 7, 8})
    void chromaStaysOnItsEdgeWhenAnOddPictureIsTurned(int orientation) throws ImageException {
        // A red column and a red row, one pixel wide, at the left and top edges of an odd-sized picture:
        // stored turned, their chroma sits in a half-covered last chroma sample, which must come back
        // to the start. One luma pixel off shows as pure red (#FB0000 against #8F2F31), over 100 levels.
        BufferedImage upright = TestImages.bands(33, 17, true, 0xFFFFFF);
        for (int y = 0; y < 17; y++) {
            upright.setRGB(0, y, 0xFF0000);
        }
        for (int x = 0; x < 33; x++) {
            upright.setRGB(x, 0, 0xFF0000);
        }
        byte[] turned = JpegSegments.withExif(
                TestImages.jpeg(TestImages.storedForOrientation(upright, orientation), 1.0f, false), orientation, false);
        byte[] straight = TestImages.jpeg(upright, 1.0f, false);

        // At full size, against the upright file's rendition, whose chroma is the encoder's own; reduced,
        // against the interleaved path's (which turns RGB before the encoder subsamples): a DCT-scaled
        // decode is not symmetric about the middle, so a turned file does not reduce like an upright one.
        // Within the siting, chroma filters differ: re-centred by the cubic here, by libjpeg's
        // upsampling and downsampling there; 25-33 levels on this hard edge with the a = -0.75 cubic,
        // well apart from the 100+ of a sample off its place.
        BufferedImage same = render(turned, "same=33x17:fit");
        BufferedImage sameReference = render(straight, "same=33x17:fit");
        BufferedImage smaller = render(turned, "smaller=17x9:fit");
        BufferedImage smallerReference = render(turned, "smaller=17x9:fit,png=4x4:fit:png");
        assertEdgesAlike(same, sameReference, "full size");
        assertEdgesAlike(smaller, smallerReference, "reduced");
    }

    private static BufferedImage render(byte[] jpeg, String specs) throws ImageException {
        return TestImages.read(fast.process(jpeg, Specs.parse(specs)).renditions().get(0).bytes());
    }

    private static void assertEdgesAlike(BufferedImage a, BufferedImage b, String what) {
        for (int i = 0; i < 4; i++) {
            TestImages.assertColour(TestImages.meanRgb(a, i, a.getHeight() / 2, 0),
                    TestImages.meanRgb(b, i, b.getHeight() / 2, 0), 48, what + ", column " + i);
            TestImages.assertColour(TestImages.meanRgb(a, a.getWidth() / 2, i, 0),
                    TestImages.meanRgb(b, b.getWidth() / 2, i, 0), 48, what + ", row " + i);
        }
    }

    static Stream<Arguments> brokenFiles() {
        return JpegCodecPathsAgreeTest.brokenFiles();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("brokenFiles")
    void brokenJpegFailsThePlanarDecodeAndIsCorrupt(String what, byte[] jpeg) throws Exception {
        TurboJpeg library = turbo.turboJpeg().orElseThrow();
        byte[] good = JpegFlavours.jpeg(JpegFlavours.scene(320, 240, BufferedImage.TYPE_INT_RGB), 2, 2, 0, false);

        assertThatThrownBy(() -> library.decodePlanar(jpeg, 4)).as(what).isInstanceOf(TurboJpegException.class);
        assertThatThrownBy(() -> fast.process(jpeg, SPECS)).as(what).isInstanceOf(CorruptImageException.class);

        // The handle that failed is replaced: the next decode on this thread is whole.
        PlanarPicture after = library.decodePlanar(good, 8).orElseThrow();
        assertThat(after.size()).isEqualTo(new Size(320, 240));
        TestImages.assertColour(TestImages.meanRgb(toRgb(after), 320 / 8 + 320 / 6, 240 / 8 + 240 / 6, 3), 0xC02020, 12,
                "red disc after " + what);
    }

    @Test
    void sameRenditionBytesEveryTime() throws ImageException {
        byte[] jpeg = JpegFlavours.jpeg(JpegFlavours.scene(333, 257, BufferedImage.TYPE_INT_RGB), 2, 1, 0, true);

        List<Rendition> first = fast.process(jpeg, SPECS).renditions();
        List<Rendition> second = fast.process(jpeg.clone(), SPECS).renditions();

        for (int i = 0; i < SPECS.size(); i++) {
            assertThat(second.get(i).bytes()).isEqualTo(first.get(i).bytes());
        }
    }

    // ---------------------------------------------------------------- helpers

    /** JFIF YCbCr to RGB, chroma interpolated bilinearly between centred samples. */
    static BufferedImage toRgb(PlanarPicture p) {
        int w = p.width();
        int h = p.height();
        BufferedImage out = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        byte[] y = p.luma().samples();
        for (int j = 0; j < h; j++) {
            for (int i = 0; i < w; i++) {
                double luma = y[j * w + i] & 0xff;
                double cb = p.grey() ? 128 : chroma(p.cb(), (i + 0.5) / p.chromaX() - 0.5, (j + 0.5) / p.chromaY() - 0.5);
                double cr = p.grey() ? 128 : chroma(p.cr(), (i + 0.5) / p.chromaX() - 0.5, (j + 0.5) / p.chromaY() - 0.5);
                int r = clamp(luma + 1.402 * (cr - 128));
                int g = clamp(luma - 0.344136 * (cb - 128) - 0.714136 * (cr - 128));
                int b = clamp(luma + 1.772 * (cb - 128));
                out.setRGB(i, j, r << 16 | g << 8 | b);
            }
        }
        return out;
    }

    private static double chroma(Plane c, double x, double y) {
        int x0 = (int) Math.floor(x);
        int y0 = (int) Math.floor(y);
        double fx = x - x0;
        double fy = y - y0;
        return (1 - fy) * ((1 - fx) * at(c, x0, y0) + fx * at(c, x0 + 1, y0))
                + fy * ((1 - fx) * at(c, x0, y0 + 1) + fx * at(c, x0 + 1, y0 + 1));
    }

    private static int at(Plane c, int x, int y) {
        int cx = Math.max(0, Math.min(c.width() - 1, x));
        int cy = Math.max(0, Math.min(c.height() - 1, y));
        return c.samples()[cy * c.width() + cx] & 0xff;
    }

    private static int clamp(double v) {
        return (int) Math.max(0, Math.min(255, Math.round(v)));
    }

    static double meanAbsoluteDifference(BufferedImage x, BufferedImage y) {
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

    /** Mean absolute difference of the JFIF luma of two pictures. */
    static double meanLumaDifference(BufferedImage x, BufferedImage y) {
        double sum = 0;
        for (int j = 0; j < x.getHeight(); j++) {
            for (int i = 0; i < x.getWidth(); i++) {
                sum += Math.abs(luma(x.getRGB(i, j)) - luma(y.getRGB(i, j)));
            }
        }
        return sum / ((double) x.getWidth() * x.getHeight());
    }

    private static double luma(int rgb) {
        return 0.299 * (rgb >> 16 & 0xff) + 0.587 * (rgb >> 8 & 0xff) + 0.114 * (rgb & 0xff);
    }

    static double psnr(BufferedImage x, BufferedImage y) {
        double sum = 0;
        for (int j = 0; j < x.getHeight(); j++) {
            for (int i = 0; i < x.getWidth(); i++) {
                int p = x.getRGB(i, j);
                int q = y.getRGB(i, j);
                for (int s = 0; s < 24; s += 8) {
                    double d = (p >> s & 0xff) - (q >> s & 0xff);
                    sum += d * d;
                }
            }
        }
        double mse = sum / (3.0 * x.getWidth() * x.getHeight());
        return mse == 0 ? Double.POSITIVE_INFINITY : 10 * Math.log10(255.0 * 255.0 / mse);
    }

    /** The number of components in the frame header (SOF0). */
    private static int sofComponents(byte[] jpeg) {
        return jpeg[sof(jpeg) + 9] & 0xff;
    }

    /** The first component's sampling factors, 0xHV. */
    private static int lumaSampling(byte[] jpeg) {
        return jpeg[sof(jpeg) + 11] & 0xff;
    }

    private static int sof(byte[] jpeg) {
        List<Integer> seen = new ArrayList<>();
        int i = 2;
        while (i + 4 <= jpeg.length && (jpeg[i] & 0xff) == 0xFF) {
            int marker = jpeg[i + 1] & 0xff;
            seen.add(marker);
            if (marker == 0xC0) {
                return i;
            }
            i += 2 + (((jpeg[i + 2] & 0xff) << 8) | (jpeg[i + 3] & 0xff));
        }
        throw new AssertionError("no SOF0 among markers " + seen);
    }
}

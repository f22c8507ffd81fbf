package io.imagepipe.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ResizerTest {
    private final Resizer resizer = new Resizer();

    @ParameterizedTest
    @CsvSource({"1,1,1,1", "1,300,1,7", "300,1,7,1", "301,203,150,101", "4000,3,1600,1", "17,4000,1,200",
        "1000,1000,999,999", "1000,1000,200,200", "801,450,200,112"})
    void givesExactlyTheTargetSizeAndKeepsAFlatColourFlat(int width, int height, int outWidth, int outHeight) {
        for (boolean alpha : new boolean[] {false, true}) {
            BufferedImage source = flat(width, height, alpha, 0x80, 30, 140, 250);
            BufferedImage out = resizer.resize(source, new Size(outWidth, outHeight));
            assertThat(out.getWidth()).isEqualTo(outWidth);
            assertThat(out.getHeight()).isEqualTo(outHeight);
            assertThat(out.getType()).isEqualTo(alpha ? BufferedImage.TYPE_4BYTE_ABGR : BufferedImage.TYPE_3BYTE_BGR);
            for (int y = 0; y < outHeight; y++) {
                for (int x = 0; x < outWidth; x++) {
                    int argb = out.getRGB(x, y);
                    if (alpha) {
                        // colours travel premultiplied in 8 bits: alpha is exact, colour within one level
                        assertThat(argb >>> 24).isEqualTo(0x80);
                        assertThat((argb >> 16) & 0xff).isBetween(29, 31);
                        assertThat((argb >> 8) & 0xff).isBetween(139, 141);
                        assertThat(argb & 0xff).isBetween(249, 251);
                    } else {
                        assertThat(argb).as("(%d, %d)", x, y).isEqualTo(0xff1e8cfa);
                    }
                }
            }
        }
    }

    @Test
    void keepsAnOpaqueFlatColourExactlyWithAlpha() {
        BufferedImage out = resizer.resize(flat(90, 60, true, 255, 30, 140, 250), new Size(31, 20));
        for (int y = 0; y < 20; y++) {
            for (int x = 0; x < 31; x++) {
                assertThat(out.getRGB(x, y)).isEqualTo(0xff1e8cfa);
            }
        }
    }

    @Test
    void theSameSizeIsTheSourceItself() {
        BufferedImage source = flat(10, 10, false, 255, 1, 2, 3);
        assertThat(resizer.resize(source, new Size(10, 10))).isSameAs(source);
    }

    @Test
    void doesNotBleedTheColourOfFullyTransparentPixels() {
        // left half opaque red, right half fully transparent green: the edge must not turn greenish
        BufferedImage source = Pixels.create(64, 16, true);
        for (int y = 0; y < 16; y++) {
            for (int x = 0; x < 64; x++) {
                source.setRGB(x, y, x < 32 ? 0xffff0000 : 0x0000ff00);
            }
        }
        BufferedImage out = resizer.resize(source, new Size(16, 4));
        for (int x = 0; x < 16; x++) {
            int argb = out.getRGB(x, 2);
            int a = argb >>> 24;
            if (a > 0) {
                assertThat((argb >> 8) & 0xff).as("green at x=%d (alpha %d)", x, a).isLessThanOrEqualTo(1);
                assertThat((argb >> 16) & 0xff).as("red at x=%d (alpha %d)", x, a).isGreaterThanOrEqualTo(254);
            }
        }
        assertThat(out.getRGB(0, 0) >>> 24).isEqualTo(255);
        assertThat(out.getRGB(15, 0) >>> 24).isZero();
    }

    @Test
    void doesNotChangeTheSource() {
        BufferedImage source = Pixels.create(50, 40, true);
        for (int y = 0; y < 40; y++) {
            for (int x = 0; x < 50; x++) {
                source.setRGB(x, y, (x * 5) << 24 | (y * 6) << 16 | x << 8 | y);
            }
        }
        byte[] before = Pixels.bytes(source).clone();
        resizer.resize(source, new Size(7, 6));
        resizer.cropCentreAndResize(source, new Size(30, 30), new Size(10, 10));
        assertThat(Pixels.bytes(source)).isEqualTo(before);
    }

    @Test
    void cropsTheCentreBeforeScaling() {
        // a 30x10 picture: black, white in the middle 10x10, black; the centre square scales to all white
        BufferedImage source = Pixels.create(30, 10, false);
        for (int y = 0; y < 10; y++) {
            for (int x = 10; x < 20; x++) {
                source.setRGB(x, y, 0xffffff);
            }
        }
        BufferedImage out = resizer.cropCentreAndResize(source, new Size(10, 10), new Size(5, 5));
        assertThat(out.getWidth()).isEqualTo(5);
        assertThat(out.getHeight()).isEqualTo(5);
        for (int y = 0; y < 5; y++) {
            for (int x = 0; x < 5; x++) {
                assertThat(out.getRGB(x, y)).isEqualTo(0xffffffff);
            }
        }
        BufferedImage same = resizer.cropCentreAndResize(source, new Size(10, 10), new Size(10, 10));
        assertThat(same.getRGB(0, 0)).isEqualTo(0xffffffff);
        assertThat(Pixels.bytes(same)).hasSize(10 * 10 * 3);
    }

    private static BufferedImage flat(int width, int height, boolean alpha, int a, int r, int g, int b) {
        BufferedImage image = Pixels.create(width, height, alpha);
        byte[] px = Pixels.bytes(image);
        int n = alpha ? 4 : 3;
        for (int i = 0; i < px.length; i += n) {
            int c = i;
            if (alpha) {
                px[c++] = (byte) a;
            }
            px[c] = (byte) b;
            px[c + 1] = (byte) g;
            px[c + 2] = (byte) r;
        }
        return image;
    }
}

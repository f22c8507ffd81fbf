package io.imagepipe.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The byte-array turns against the EXIF definitions, pixel by pixel, on an odd-sized picture. */
class OrientationTest {

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 3, 4, 5, 6, 7, 8})
    void everyStoredPixelLandsWhereExifSays(int orientation) {
        for (boolean alpha : new boolean[] {false, true}) {
            int w = 5;
            int h = 3;
            BufferedImage stored = Pixels.create(w, h, alpha);
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) {
                    stored.setRGB(x, y, (alpha ? (0x10 + x) << 24 : 0xff000000) | x << 16 | y << 8 | 0x7f);
                }
            }
            BufferedImage upright = Orientation.upright(stored, orientation);
            boolean transposed = orientation >= 5;
            assertThat(upright.getWidth()).isEqualTo(transposed ? h : w);
            assertThat(upright.getHeight()).isEqualTo(transposed ? w : h);
            assertThat(upright.getType()).isEqualTo(stored.getType());
            for (int y = 0; y < upright.getHeight(); y++) {
                for (int x = 0; x < upright.getWidth(); x++) {
                    int[] s = storedPosition(orientation, x, y, w, h);
                    assertThat(upright.getRGB(x, y)).as("orientation %d at (%d, %d)", orientation, x, y)
                            .isEqualTo(stored.getRGB(s[0], s[1]));
                }
            }
        }
    }

    /** Where the upright pixel (x, y) is stored, straight from the EXIF orientation table. */
    private static int[] storedPosition(int orientation, int x, int y, int w, int h) {
        return switch (orientation) {
            case 1 -> new int[] {x, y};
            case 2 -> new int[] {w - 1 - x, y};
            case 3 -> new int[] {w - 1 - x, h - 1 - y};
            case 4 -> new int[] {x, h - 1 - y};
            case 5 -> new int[] {y, x};
            case 6 -> new int[] {y, h - 1 - x};
            case 7 -> new int[] {w - 1 - y, h - 1 - x};
            default -> new int[] {w - 1 - y, x};
        };
    }
}

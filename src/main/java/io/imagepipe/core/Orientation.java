package io.imagepipe.core;

import java.awt.image.BufferedImage;
import java.awt.image.DataBufferInt;

/**
 * Turns pixels stored with an EXIF orientation (1-8) into the upright picture. Works on the int
 * arrays of TYPE_INT_RGB / TYPE_INT_ARGB images directly: Java2D's AffineTransformOp is several
 * times slower for plain 90-degree turns and flips.
 */
final class Orientation {
    private Orientation() {
    }

    static BufferedImage upright(BufferedImage stored, int orientation) {
        if (orientation <= 1 || orientation > 8) {
            return stored;
        }
        int w = stored.getWidth();
        int h = stored.getHeight();
        boolean transposed = orientation >= 5;
        BufferedImage out = new BufferedImage(transposed ? h : w, transposed ? w : h, stored.getType());
        int[] src = pixels(stored);
        int[] dst = pixels(out);
        int dw = out.getWidth();
        int dh = out.getHeight();
        for (int y = 0; y < dh; y++) {
            int row = y * dw;
            for (int x = 0; x < dw; x++) {
                int sx;
                int sy;
                switch (orientation) {
                    case 2 -> { sx = w - 1 - x; sy = y; }
                    case 3 -> { sx = w - 1 - x; sy = h - 1 - y; }
                    case 4 -> { sx = x; sy = h - 1 - y; }
                    case 5 -> { sx = y; sy = x; }
                    case 6 -> { sx = y; sy = h - 1 - x; }
                    case 7 -> { sx = w - 1 - y; sy = h - 1 - x; }
                    default -> { sx = w - 1 - y; sy = x; } // 8
                }
                dst[row + x] = src[sy * w + sx];
            }
        }
        return out;
    }

    private static int[] pixels(BufferedImage image) {
        return ((DataBufferInt) image.getRaster().getDataBuffer()).getData();
    }
}

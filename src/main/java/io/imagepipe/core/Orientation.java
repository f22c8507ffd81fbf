package io.imagepipe.core;

import java.awt.image.BufferedImage;

/**
 * Turns pixels stored with an EXIF orientation (1-8) into the upright picture. Works on the byte
 * arrays of working-layout images ({@link Pixels}) directly: Java2D's AffineTransformOp is several
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
        int n = Pixels.channels(stored);
        BufferedImage out = Pixels.create(transposed ? h : w, transposed ? w : h, n == 4);
        turn(Pixels.bytes(stored), w, h, n, orientation, Pixels.bytes(out));
        return out;
    }

    /** One plane of a planar picture (a luma or chroma plane), turned the same way. */
    static Plane upright(Plane stored, int orientation) {
        if (orientation <= 1 || orientation > 8) {
            return stored;
        }
        int w = stored.width();
        int h = stored.height();
        byte[] dst = new byte[w * h];
        turn(stored.samples(), w, h, 1, orientation, dst);
        return orientation >= 5 ? new Plane(dst, h, w) : new Plane(dst, w, h);
    }

    /** {@code src} ({@code w x h} pixels of {@code n} bytes, stored) into {@code dst}, upright. */
    private static void turn(byte[] src, int w, int h, int n, int orientation, byte[] dst) {
        boolean transposed = orientation >= 5;
        // The stored pixel shown at upright (x, y) is origin + x * stepX + y * stepY (in pixels).
        int last = w - 1;
        int bottom = (h - 1) * w;
        int origin;
        int stepX;
        int stepY;
        switch (orientation) {
            case 2 -> { origin = last; stepX = -1; stepY = w; }           // mirrored left-right
            case 3 -> { origin = bottom + last; stepX = -1; stepY = -w; } // turned 180 degrees
            case 4 -> { origin = bottom; stepX = 1; stepY = -w; }         // mirrored top-bottom
            case 5 -> { origin = 0; stepX = w; stepY = 1; }               // transposed
            case 6 -> { origin = bottom; stepX = -w; stepY = 1; }         // turned 90 degrees clockwise
            case 7 -> { origin = bottom + last; stepX = -w; stepY = -1; } // transverse
            default -> { origin = last; stepX = w; stepY = -1; }          // 8: turned 90 degrees counter-clockwise
        }
        int dw = transposed ? h : w;
        int dh = transposed ? w : h;
        int d = 0;
        if (n == 1) {
            for (int y = 0; y < dh; y++) {
                for (int x = 0, s = origin + y * stepY; x < dw; x++, s += stepX) {
                    dst[d++] = src[s];
                }
            }
            return;
        }
        for (int y = 0; y < dh; y++) {
            int s = origin + y * stepY;
            for (int x = 0; x < dw; x++, s += stepX) {
                int p = s * n;
                for (int c = 0; c < n; c++) {
                    dst[d++] = src[p + c];
                }
            }
        }
    }
}

package io.imagepipe.core;

import static io.imagepipe.core.SeparableFilter.clamp;

/**
 * The horizontal pass of {@link SeparableFilter} on one plane (the planar JPEG path's luma and
 * chroma): the pass the planar resize spends most of its time in, so it has straight-line code
 * for the usual tap counts. Same fixed-point arithmetic as the other passes, bit for bit
 * ({@code SeparableFilterMatchesReferenceTest}).
 */
final class PlaneHorizontalPass {
    private static final int HALF = FilterWeights.ONE / 2;

    private PlaneHorizontalPass() {
    }

    /**
     * Four rows go through together: they share the weights and offsets, so the loop's overhead is
     * paid once for four samples, as {@link SeparableFilter}'s four-channel loop pays it once for four
     * channels (one row at a time ran at 2/3 of the three-channel loop's cost instead of 1/3). Every output gets the same number of taps (the
     * most any has, zero weights filling in, windows shifted inside the row at its ends), so the
     * usual counts run as straight-line code.
     */
    static byte[] resample(byte[] src, int width, int height, FilterWeights weights) {
        int outWidth = weights.length();
        byte[] dst = new byte[outWidth * height];
        int taps = 0;
        for (int x = 0; x < outWidth; x++) {
            taps = Math.max(taps, weights.count(x));
        }
        if (taps > width) {
            horizontal1Rows(src, width, height, weights, dst, 0);
            return dst;
        }
        int[] starts = new int[outWidth];
        int[] w = new int[outWidth * taps];
        int[] from = weights.weights();
        for (int x = 0; x < outWidth; x++) {
            int start = Math.min(weights.start(x), width - taps);
            starts[x] = start;
            System.arraycopy(from, weights.offset(x), w, x * taps + weights.start(x) - start, weights.count(x));
        }
        switch (taps) {
            case 4 -> taps4(src, width, height, dst, outWidth, starts, w);
            case 5 -> taps5(src, width, height, dst, outWidth, starts, w);
            case 6 -> taps6(src, width, height, dst, outWidth, starts, w);
            case 7 -> taps7(src, width, height, dst, outWidth, starts, w);
            case 8 -> taps8(src, width, height, dst, outWidth, starts, w);
            case 9 -> taps9(src, width, height, dst, outWidth, starts, w);
            default -> {
                horizontal1Rows(src, width, height, weights, dst, 0);
                return dst;
            }
        }
        horizontal1Rows(src, width, height, weights, dst, height - height % 4);
        return dst;
    }

    private static void taps4(byte[] src, int width, int height, byte[] dst, int outWidth, int[] starts, int[] w) {
        for (int y = 0; y + 4 <= height; y += 4) {
            int r0 = y * width;
            int r1 = r0 + width;
            int r2 = r1 + width;
            int r3 = r2 + width;
            int out = y * outWidth;
            for (int x = 0, k = 0; x < outWidth; x++, k += 4) {
                int p = starts[x];
                int w0 = w[k + 0];
                int w1 = w[k + 1];
                int w2 = w[k + 2];
                int w3 = w[k + 3];
                int c0 = w0 * (src[r0 + p + 0] & 0xff) + w1 * (src[r0 + p + 1] & 0xff) + w2 * (src[r0 + p + 2] & 0xff) + w3 * (src[r0 + p + 3] & 0xff) + HALF;
                int c1 = w0 * (src[r1 + p + 0] & 0xff) + w1 * (src[r1 + p + 1] & 0xff) + w2 * (src[r1 + p + 2] & 0xff) + w3 * (src[r1 + p + 3] & 0xff) + HALF;
                int c2 = w0 * (src[r2 + p + 0] & 0xff) + w1 * (src[r2 + p + 1] & 0xff) + w2 * (src[r2 + p + 2] & 0xff) + w3 * (src[r2 + p + 3] & 0xff) + HALF;
                int c3 = w0 * (src[r3 + p + 0] & 0xff) + w1 * (src[r3 + p + 1] & 0xff) + w2 * (src[r3 + p + 2] & 0xff) + w3 * (src[r3 + p + 3] & 0xff) + HALF;
                dst[out + x] = clamp(c0 >> FilterWeights.BITS);
                dst[out + outWidth + x] = clamp(c1 >> FilterWeights.BITS);
                dst[out + 2 * outWidth + x] = clamp(c2 >> FilterWeights.BITS);
                dst[out + 3 * outWidth + x] = clamp(c3 >> FilterWeights.BITS);
            }
        }
    }

    private static void taps5(byte[] src, int width, int height, byte[] dst, int outWidth, int[] starts, int[] w) {
        for (int y = 0; y + 4 <= height; y += 4) {
            int r0 = y * width;
            int r1 = r0 + width;
            int r2 = r1 + width;
            int r3 = r2 + width;
            int out = y * outWidth;
            for (int x = 0, k = 0; x < outWidth; x++, k += 5) {
                int p = starts[x];
                int w0 = w[k + 0];
                int w1 = w[k + 1];
                int w2 = w[k + 2];
                int w3 = w[k + 3];
                int w4 = w[k + 4];
                int c0 = w0 * (src[r0 + p + 0] & 0xff) + w1 * (src[r0 + p + 1] & 0xff) + w2 * (src[r0 + p + 2] & 0xff) + w3 * (src[r0 + p + 3] & 0xff) + w4 * (src[r0 + p + 4] & 0xff) + HALF;
                int c1 = w0 * (src[r1 + p + 0] & 0xff) + w1 * (src[r1 + p + 1] & 0xff) + w2 * (src[r1 + p + 2] & 0xff) + w3 * (src[r1 + p + 3] & 0xff) + w4 * (src[r1 + p + 4] & 0xff) + HALF;
                int c2 = w0 * (src[r2 + p + 0] & 0xff) + w1 * (src[r2 + p + 1] & 0xff) + w2 * (src[r2 + p + 2] & 0xff) + w3 * (src[r2 + p + 3] & 0xff) + w4 * (src[r2 + p + 4] & 0xff) + HALF;
                int c3 = w0 * (src[r3 + p + 0] & 0xff) + w1 * (src[r3 + p + 1] & 0xff) + w2 * (src[r3 + p + 2] & 0xff) + w3 * (src[r3 + p + 3] & 0xff) + w4 * (src[r3 + p + 4] & 0xff) + HALF;
                dst[out + x] = clamp(c0 >> FilterWeights.BITS);
                dst[out + outWidth + x] = clamp(c1 >> FilterWeights.BITS);
                dst[out + 2 * outWidth + x] = clamp(c2 >> FilterWeights.BITS);
                dst[out + 3 * outWidth + x] = clamp(c3 >> FilterWeights.BITS);
            }
        }
    }

    private static void taps6(byte[] src, int width, int height, byte[] dst, int outWidth, int[] starts, int[] w) {
        for (int y = 0; y + 4 <= height; y += 4) {
            int r0 = y * width;
            int r1 = r0 + width;
            int r2 = r1 + width;
            int r3 = r2 + width;
            int out = y * outWidth;
            for (int x = 0, k = 0; x < outWidth; x++, k += 6) {
                int p = starts[x];
                int w0 = w[k + 0];
                int w1 = w[k + 1];
                int w2 = w[k + 2];
                int w3 = w[k + 3];
                int w4 = w[k + 4];
                int w5 = w[k + 5];
                int c0 = w0 * (src[r0 + p + 0] & 0xff) + w1 * (src[r0 + p + 1] & 0xff) + w2 * (src[r0 + p + 2] & 0xff) + w3 * (src[r0 + p + 3] & 0xff) + w4 * (src[r0 + p + 4] & 0xff) + w5 * (src[r0 + p + 5] & 0xff) + HALF;
                int c1 = w0 * (src[r1 + p + 0] & 0xff) + w1 * (src[r1 + p + 1] & 0xff) + w2 * (src[r1 + p + 2] & 0xff) + w3 * (src[r1 + p + 3] & 0xff) + w4 * (src[r1 + p + 4] & 0xff) + w5 * (src[r1 + p + 5] & 0xff) + HALF;
                int c2 = w0 * (src[r2 + p + 0] & 0xff) + w1 * (src[r2 + p + 1] & 0xff) + w2 * (src[r2 + p + 2] & 0xff) + w3 * (src[r2 + p + 3] & 0xff) + w4 * (src[r2 + p + 4] & 0xff) + w5 * (src[r2 + p + 5] & 0xff) + HALF;
                int c3 = w0 * (src[r3 + p + 0] & 0xff) + w1 * (src[r3 + p + 1] & 0xff) + w2 * (src[r3 + p + 2] & 0xff) + w3 * (src[r3 + p + 3] & 0xff) + w4 * (src[r3 + p + 4] & 0xff) + w5 * (src[r3 + p + 5] & 0xff) + HALF;
                dst[out + x] = clamp(c0 >> FilterWeights.BITS);
                dst[out + outWidth + x] = clamp(c1 >> FilterWeights.BITS);
                dst[out + 2 * outWidth + x] = clamp(c2 >> FilterWeights.BITS);
                dst[out + 3 * outWidth + x] = clamp(c3 >> FilterWeights.BITS);
            }
        }
    }

    private static void taps7(byte[] src, int width, int height, byte[] dst, int outWidth, int[] starts, int[] w) {
        for (int y = 0; y + 4 <= height; y += 4) {
            int r0 = y * width;
            int r1 = r0 + width;
            int r2 = r1 + width;
            int r3 = r2 + width;
            int out = y * outWidth;
            for (int x = 0, k = 0; x < outWidth; x++, k += 7) {
                int p = starts[x];
                int w0 = w[k + 0];
                int w1 = w[k + 1];
                int w2 = w[k + 2];
                int w3 = w[k + 3];
                int w4 = w[k + 4];
                int w5 = w[k + 5];
                int w6 = w[k + 6];
                int c0 = w0 * (src[r0 + p + 0] & 0xff) + w1 * (src[r0 + p + 1] & 0xff) + w2 * (src[r0 + p + 2] & 0xff) + w3 * (src[r0 + p + 3] & 0xff) + w4 * (src[r0 + p + 4] & 0xff) + w5 * (src[r0 + p + 5] & 0xff) + w6 * (src[r0 + p + 6] & 0xff) + HALF;
                int c1 = w0 * (src[r1 + p + 0] & 0xff) + w1 * (src[r1 + p + 1] & 0xff) + w2 * (src[r1 + p + 2] & 0xff) + w3 * (src[r1 + p + 3] & 0xff) + w4 * (src[r1 + p + 4] & 0xff) + w5 * (src[r1 + p + 5] & 0xff) + w6 * (src[r1 + p + 6] & 0xff) + HALF;
                int c2 = w0 * (src[r2 + p + 0] & 0xff) + w1 * (src[r2 + p + 1] & 0xff) + w2 * (src[r2 + p + 2] & 0xff) + w3 * (src[r2 + p + 3] & 0xff) + w4 * (src[r2 + p + 4] & 0xff) + w5 * (src[r2 + p + 5] & 0xff) + w6 * (src[r2 + p + 6] & 0xff) + HALF;
                int c3 = w0 * (src[r3 + p + 0] & 0xff) + w1 * (src[r3 + p + 1] & 0xff) + w2 * (src[r3 + p + 2] & 0xff) + w3 * (src[r3 + p + 3] & 0xff) + w4 * (src[r3 + p + 4] & 0xff) + w5 * (src[r3 + p + 5] & 0xff) + w6 * (src[r3 + p + 6] & 0xff) + HALF;
                dst[out + x] = clamp(c0 >> FilterWeights.BITS);
                dst[out + outWidth + x] = clamp(c1 >> FilterWeights.BITS);
                dst[out + 2 * outWidth + x] = clamp(c2 >> FilterWeights.BITS);
                dst[out + 3 * outWidth + x] = clamp(c3 >> FilterWeights.BITS);
            }
        }
    }

    private static void taps8(byte[] src, int width, int height, byte[] dst, int outWidth, int[] starts, int[] w) {
        for (int y = 0; y + 4 <= height; y += 4) {
            int r0 = y * width;
            int r1 = r0 + width;
            int r2 = r1 + width;
            int r3 = r2 + width;
            int out = y * outWidth;
            for (int x = 0, k = 0; x < outWidth; x++, k += 8) {
                int p = starts[x];
                int w0 = w[k + 0];
                int w1 = w[k + 1];
                int w2 = w[k + 2];
                int w3 = w[k + 3];
                int w4 = w[k + 4];
                int w5 = w[k + 5];
                int w6 = w[k + 6];
                int w7 = w[k + 7];
                int c0 = w0 * (src[r0 + p + 0] & 0xff) + w1 * (src[r0 + p + 1] & 0xff) + w2 * (src[r0 + p + 2] & 0xff) + w3 * (src[r0 + p + 3] & 0xff) + w4 * (src[r0 + p + 4] & 0xff) + w5 * (src[r0 + p + 5] & 0xff) + w6 * (src[r0 + p + 6] & 0xff) + w7 * (src[r0 + p + 7] & 0xff) + HALF;
                int c1 = w0 * (src[r1 + p + 0] & 0xff) + w1 * (src[r1 + p + 1] & 0xff) + w2 * (src[r1 + p + 2] & 0xff) + w3 * (src[r1 + p + 3] & 0xff) + w4 * (src[r1 + p + 4] & 0xff) + w5 * (src[r1 + p + 5] & 0xff) + w6 * (src[r1 + p + 6] & 0xff) + w7 * (src[r1 + p + 7] & 0xff) + HALF;
                int c2 = w0 * (src[r2 + p + 0] & 0xff) + w1 * (src[r2 + p + 1] & 0xff) + w2 * (src[r2 + p + 2] & 0xff) + w3 * (src[r2 + p + 3] & 0xff) + w4 * (src[r2 + p + 4] & 0xff) + w5 * (src[r2 + p + 5] & 0xff) + w6 * (src[r2 + p + 6] & 0xff) + w7 * (src[r2 + p + 7] & 0xff) + HALF;
                int c3 = w0 * (src[r3 + p + 0] & 0xff) + w1 * (src[r3 + p + 1] & 0xff) + w2 * (src[r3 + p + 2] & 0xff) + w3 * (src[r3 + p + 3] & 0xff) + w4 * (src[r3 + p + 4] & 0xff) + w5 * (src[r3 + p + 5] & 0xff) + w6 * (src[r3 + p + 6] & 0xff) + w7 * (src[r3 + p + 7] & 0xff) + HALF;
                dst[out + x] = clamp(c0 >> FilterWeights.BITS);
                dst[out + outWidth + x] = clamp(c1 >> FilterWeights.BITS);
                dst[out + 2 * outWidth + x] = clamp(c2 >> FilterWeights.BITS);
                dst[out + 3 * outWidth + x] = clamp(c3 >> FilterWeights.BITS);
            }
        }
    }

    private static void taps9(byte[] src, int width, int height, byte[] dst, int outWidth, int[] starts, int[] w) {
        for (int y = 0; y + 4 <= height; y += 4) {
            int r0 = y * width;
            int r1 = r0 + width;
            int r2 = r1 + width;
            int r3 = r2 + width;
            int out = y * outWidth;
            for (int x = 0, k = 0; x < outWidth; x++, k += 9) {
                int p = starts[x];
                int w0 = w[k + 0];
                int w1 = w[k + 1];
                int w2 = w[k + 2];
                int w3 = w[k + 3];
                int w4 = w[k + 4];
                int w5 = w[k + 5];
                int w6 = w[k + 6];
                int w7 = w[k + 7];
                int w8 = w[k + 8];
                int c0 = w0 * (src[r0 + p + 0] & 0xff) + w1 * (src[r0 + p + 1] & 0xff) + w2 * (src[r0 + p + 2] & 0xff) + w3 * (src[r0 + p + 3] & 0xff) + w4 * (src[r0 + p + 4] & 0xff) + w5 * (src[r0 + p + 5] & 0xff) + w6 * (src[r0 + p + 6] & 0xff) + w7 * (src[r0 + p + 7] & 0xff) + w8 * (src[r0 + p + 8] & 0xff) + HALF;
                int c1 = w0 * (src[r1 + p + 0] & 0xff) + w1 * (src[r1 + p + 1] & 0xff) + w2 * (src[r1 + p + 2] & 0xff) + w3 * (src[r1 + p + 3] & 0xff) + w4 * (src[r1 + p + 4] & 0xff) + w5 * (src[r1 + p + 5] & 0xff) + w6 * (src[r1 + p + 6] & 0xff) + w7 * (src[r1 + p + 7] & 0xff) + w8 * (src[r1 + p + 8] & 0xff) + HALF;
                int c2 = w0 * (src[r2 + p + 0] & 0xff) + w1 * (src[r2 + p + 1] & 0xff) + w2 * (src[r2 + p + 2] & 0xff) + w3 * (src[r2 + p + 3] & 0xff) + w4 * (src[r2 + p + 4] & 0xff) + w5 * (src[r2 + p + 5] & 0xff) + w6 * (src[r2 + p + 6] & 0xff) + w7 * (src[r2 + p + 7] & 0xff) + w8 * (src[r2 + p + 8] & 0xff) + HALF;
                int c3 = w0 * (src[r3 + p + 0] & 0xff) + w1 * (src[r3 + p + 1] & 0xff) + w2 * (src[r3 + p + 2] & 0xff) + w3 * (src[r3 + p + 3] & 0xff) + w4 * (src[r3 + p + 4] & 0xff) + w5 * (src[r3 + p + 5] & 0xff) + w6 * (src[r3 + p + 6] & 0xff) + w7 * (src[r3 + p + 7] & 0xff) + w8 * (src[r3 + p + 8] & 0xff) + HALF;
                dst[out + x] = clamp(c0 >> FilterWeights.BITS);
                dst[out + outWidth + x] = clamp(c1 >> FilterWeights.BITS);
                dst[out + 2 * outWidth + x] = clamp(c2 >> FilterWeights.BITS);
                dst[out + 3 * outWidth + x] = clamp(c3 >> FilterWeights.BITS);
            }
        }
    }

    /** Rows {@code from} on, four at a time and then one at a time, with each output's own taps. */
    private static void horizontal1Rows(byte[] src, int width, int height, FilterWeights weights, byte[] dst, int from) {
        int outWidth = weights.length();
        int[] w = weights.weights();
        int y = from;
        for (; y + 4 <= height; y += 4) {
            int r0 = y * width;
            int r1 = r0 + width;
            int r2 = r1 + width;
            int r3 = r2 + width;
            int out = y * outWidth;
            for (int x = 0; x < outWidth; x++) {
                int c0 = HALF;
                int c1 = HALF;
                int c2 = HALF;
                int c3 = HALF;
                int p = weights.start(x);
                for (int k = weights.offset(x), end = k + weights.count(x); k < end; k++, p++) {
                    int wk = w[k];
                    c0 += wk * (src[r0 + p] & 0xff);
                    c1 += wk * (src[r1 + p] & 0xff);
                    c2 += wk * (src[r2 + p] & 0xff);
                    c3 += wk * (src[r3 + p] & 0xff);
                }
                dst[out + x] = clamp(c0 >> FilterWeights.BITS);
                dst[out + outWidth + x] = clamp(c1 >> FilterWeights.BITS);
                dst[out + 2 * outWidth + x] = clamp(c2 >> FilterWeights.BITS);
                dst[out + 3 * outWidth + x] = clamp(c3 >> FilterWeights.BITS);
            }
        }
        for (; y < height; y++) {
            int row = y * width;
            int out = y * outWidth;
            for (int x = 0; x < outWidth; x++) {
                int acc = HALF;
                int p = row + weights.start(x);
                for (int k = weights.offset(x), end = k + weights.count(x); k < end; k++, p++) {
                    acc += w[k] * (src[p] & 0xff);
                }
                dst[out + x] = clamp(acc >> FilterWeights.BITS);
            }
        }
    }
}

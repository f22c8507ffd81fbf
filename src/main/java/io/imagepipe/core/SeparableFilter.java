package io.imagepipe.core;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * The two passes of a separable resample on interleaved 8-bit pixels ({@code channels} bytes per
 * pixel, rows without padding). Every channel is filtered alike; alpha must be premultiplied by
 * the caller. Results are rounded to nearest and clamped to 0..255.
 *
 * <p>The vertical pass runs first, on whole rows: the same weight applies across a row, so it
 * works on eight samples at a time (see {@link #vertical}). The horizontal pass, which gathers
 * neighbouring pixels, then only sees the rows that are left.
 */
final class SeparableFilter {
    private static final int HALF = FilterWeights.ONE / 2;
    /** Samples 0..3 of an 8-byte group go to the low lanes, 4..7 to the high lanes. */
    private static final long LANES = 0x000000ff000000ffL;
    private static final long HALF_LANES = ((long) HALF << 32) + HALF;
    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

    private SeparableFilter() {
    }

    /** Resamples a {@code width x height} picture to {@code xWeights.length() x yWeights.length()}. */
    static byte[] resample(byte[] src, int width, int height, int channels, FilterWeights xWeights,
                           FilterWeights yWeights) {
        byte[] rows = yWeights.length() == height ? src : vertical(src, width * channels, yWeights);
        if (xWeights.length() == width) {
            return rows == src ? src.clone() : rows;
        }
        return horizontal(rows, width, yWeights.length(), channels, xWeights);
    }

    /**
     * Eight samples of a row at a time in four longs, two 32-bit lanes each (SIMD within a
     * register: Java 17's C2 does not vectorise byte-to-int loops). Each tap costs one 8-byte load,
     * four masks and four multiply-adds for eight samples; taps go two per pass over the row of
     * longs. A lane's sum (at most 255 times the weights' absolute sum, about 2^23) stays within an
     * int, so the lanes read back exactly even where negative weights borrow from the lane above.
     */
    static byte[] vertical(byte[] src, int rowBytes, FilterWeights weights) {
        int rows = weights.length();
        byte[] dst = new byte[rows * rowBytes];
        int[] w = weights.weights();
        int[] bases = new int[weights.count(0)];
        long[] acc = new long[rowBytes >>> 1];
        for (int y = 0; y < rows; y++) {
            int n = weights.count(y);
            if (bases.length < n) {
                bases = new int[n];
            }
            for (int k = 0; k < n; k++) {
                bases[k] = (weights.start(y) + k) * rowBytes;
            }
            verticalRow(src, rowBytes, w, weights.offset(y), n, bases, acc, dst, y * rowBytes);
        }
        return dst;
    }

    /**
     * One output row of {@link #vertical}. A method of its own so that the JIT compiles it once, as a
     * method called a thousand times, instead of replacing the running loop of one long call
     * (on-stack replacement), which it did three times per process and threw away twice.
     */
    private static void verticalRow(byte[] src, int rowBytes, int[] w, int offset, int n, int[] bases, long[] acc,
                                    byte[] dst, int out) {
        int groups = rowBytes >>> 3;
        java.util.Arrays.fill(acc, 0, 4 * groups, HALF_LANES);
        int k = 0;
        for (; k + 2 <= n; k += 2) {
            long wk = w[offset + k];
            long wl = w[offset + k + 1];
            int base = bases[k];
            int next = bases[k + 1];
            for (int g = 0, j = 0; g < groups; g++, j += 4) {
                long v = (long) LONGS.get(src, base + 8 * g);
                long u = (long) LONGS.get(src, next + 8 * g);
                acc[j] += wk * (v & LANES) + wl * (u & LANES);
                acc[j + 1] += wk * ((v >>> 8) & LANES) + wl * ((u >>> 8) & LANES);
                acc[j + 2] += wk * ((v >>> 16) & LANES) + wl * ((u >>> 16) & LANES);
                acc[j + 3] += wk * ((v >>> 24) & LANES) + wl * ((u >>> 24) & LANES);
            }
        }
        for (; k < n; k++) {
            long wk = w[offset + k];
            int base = bases[k];
            for (int g = 0, j = 0; g < groups; g++, j += 4) {
                long v = (long) LONGS.get(src, base + 8 * g);
                acc[j] += wk * (v & LANES);
                acc[j + 1] += wk * ((v >>> 8) & LANES);
                acc[j + 2] += wk * ((v >>> 16) & LANES);
                acc[j + 3] += wk * ((v >>> 24) & LANES);
            }
        }
        for (int g = 0, j = 0; g < groups; g++, j += 4) {
            int o = out + 8 * g;
            long a0 = acc[j], a1 = acc[j + 1], a2 = acc[j + 2], a3 = acc[j + 3];
            dst[o] = clamp((int) a0 >> FilterWeights.BITS);
            dst[o + 1] = clamp((int) a1 >> FilterWeights.BITS);
            dst[o + 2] = clamp((int) a2 >> FilterWeights.BITS);
            dst[o + 3] = clamp((int) a3 >> FilterWeights.BITS);
            dst[o + 4] = clamp(high(a0) >> FilterWeights.BITS);
            dst[o + 5] = clamp(high(a1) >> FilterWeights.BITS);
            dst[o + 6] = clamp(high(a2) >> FilterWeights.BITS);
            dst[o + 7] = clamp(high(a3) >> FilterWeights.BITS);
        }
        for (int i = 8 * groups; i < rowBytes; i++) {
            int sum = HALF;
            for (int t = 0; t < n; t++) {
                sum += w[offset + t] * (src[bases[t] + i] & 0xff);
            }
            dst[out + i] = clamp(sum >> FilterWeights.BITS);
        }
    }

    /** The upper lane of {@code lanes}: the lower one is {@code (int) lanes}, signed, and was added in. */
    private static int high(long lanes) {
        return (int) ((lanes - (int) lanes) >> 32);
    }

    static byte[] horizontal(byte[] src, int width, int height, int channels, FilterWeights weights) {
        return switch (channels) {
            case 1 -> PlaneHorizontalPass.resample(src, width, height, weights);
            case 3 -> horizontal3(src, width, height, weights);
            case 4 -> horizontal4(src, width, height, weights);
            default -> horizontalAny(src, width, height, channels, weights);
        };
    }

    private static byte[] horizontal3(byte[] src, int width, int height, FilterWeights weights) {
        int outWidth = weights.length();
        byte[] dst = new byte[outWidth * height * 3];
        int[] w = weights.weights();
        for (int y = 0; y < height; y++) {
            int row = y * width * 3;
            int out = y * outWidth * 3;
            for (int x = 0; x < outWidth; x++, out += 3) {
                int c0 = HALF;
                int c1 = HALF;
                int c2 = HALF;
                int p = row + weights.start(x) * 3;
                for (int k = weights.offset(x), end = k + weights.count(x); k < end; k++, p += 3) {
                    int wk = w[k];
                    c0 += wk * (src[p] & 0xff);
                    c1 += wk * (src[p + 1] & 0xff);
                    c2 += wk * (src[p + 2] & 0xff);
                }
                dst[out] = clamp(c0 >> FilterWeights.BITS);
                dst[out + 1] = clamp(c1 >> FilterWeights.BITS);
                dst[out + 2] = clamp(c2 >> FilterWeights.BITS);
            }
        }
        return dst;
    }

    private static byte[] horizontal4(byte[] src, int width, int height, FilterWeights weights) {
        int outWidth = weights.length();
        byte[] dst = new byte[outWidth * height * 4];
        int[] w = weights.weights();
        for (int y = 0; y < height; y++) {
            int row = y * width * 4;
            int out = y * outWidth * 4;
            for (int x = 0; x < outWidth; x++, out += 4) {
                int c0 = HALF;
                int c1 = HALF;
                int c2 = HALF;
                int c3 = HALF;
                int p = row + weights.start(x) * 4;
                for (int k = weights.offset(x), end = k + weights.count(x); k < end; k++, p += 4) {
                    int wk = w[k];
                    c0 += wk * (src[p] & 0xff);
                    c1 += wk * (src[p + 1] & 0xff);
                    c2 += wk * (src[p + 2] & 0xff);
                    c3 += wk * (src[p + 3] & 0xff);
                }
                dst[out] = clamp(c0 >> FilterWeights.BITS);
                dst[out + 1] = clamp(c1 >> FilterWeights.BITS);
                dst[out + 2] = clamp(c2 >> FilterWeights.BITS);
                dst[out + 3] = clamp(c3 >> FilterWeights.BITS);
            }
        }
        return dst;
    }

    private static byte[] horizontalAny(byte[] src, int width, int height, int channels, FilterWeights weights) {
        int outWidth = weights.length();
        byte[] dst = new byte[outWidth * height * channels];
        int[] w = weights.weights();
        for (int y = 0; y < height; y++) {
            int row = y * width * channels;
            for (int x = 0; x < outWidth; x++) {
                for (int c = 0; c < channels; c++) {
                    int acc = HALF;
                    int p = row + weights.start(x) * channels + c;
                    for (int k = weights.offset(x), end = k + weights.count(x); k < end; k++, p += channels) {
                        acc += w[k] * (src[p] & 0xff);
                    }
                    dst[(y * outWidth + x) * channels + c] = clamp(acc >> FilterWeights.BITS);
                }
            }
        }
        return dst;
    }

    static byte clamp(int v) {
        return (byte) (v < 0 ? 0 : Math.min(v, 255));
    }
}

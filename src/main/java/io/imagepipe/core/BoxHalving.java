package io.imagepipe.core;

/**
 * Halves a picture in both directions by averaging each 2x2 block exactly (rounded to nearest).
 * Interleaved 8-bit pixels, {@code channels} bytes each, rows without padding; every channel is
 * averaged alike, so alpha must be premultiplied by the caller. An odd last row or column is
 * dropped: the output is {@code floor(width / 2) x floor(height / 2)}.
 */
final class BoxHalving {
    private BoxHalving() {
    }

    static byte[] halve(byte[] src, int width, int height, int channels) {
        int outWidth = width / 2;
        int outHeight = height / 2;
        if (outWidth < 1 || outHeight < 1) {
            throw new IllegalArgumentException("cannot halve " + width + "x" + height);
        }
        int srcStride = width * channels;
        int outStride = outWidth * channels;
        byte[] dst = new byte[outHeight * outStride];
        int[] pairs = new int[2 * outStride];
        for (int y = 0; y < outHeight; y++) {
            int top = 2 * y * srcStride;
            int bottom = top + srcStride;
            for (int i = 0; i < pairs.length; i++) {
                pairs[i] = (src[top + i] & 0xff) + (src[bottom + i] & 0xff);
            }
            int out = y * outStride;
            if (channels == 1) {
                for (int x = 0; x < outWidth; x++) {
                    dst[out + x] = (byte) ((pairs[2 * x] + pairs[2 * x + 1] + 2) >> 2);
                }
                continue;
            }
            for (int x = 0, p = 0; x < outWidth; x++, p += channels) {
                for (int c = 0; c < channels; c++, p++, out++) {
                    dst[out] = (byte) ((pairs[p] + pairs[p + channels] + 2) >> 2);
                }
            }
        }
        return dst;
    }
}

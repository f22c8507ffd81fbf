package io.imagepipe.core;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/** A minimal lossless WebP (VP8L) encoder by hand, for the few-colour test pictures; ImageIO writes no WebP. */
final class LosslessWebp {
    private LosslessWebp() {
    }

    /**
     * A lossless WebP (VP8L, RFC 9649) of {@code image}, written without any transform or colour
     * cache: every pixel is a literal coded with "simple" prefix codes of one or two 8-bit symbols
     * per channel, so each channel may take at most two distinct values in the whole picture (true of
     * the quadrant pictures here). One bit or none per channel and pixel: a 16x16 picture is ~150 bytes.
     */
    static byte[] encode(BufferedImage image) {
        int w = image.getWidth();
        int h = image.getHeight();
        int[] argb = image.getRGB(0, 0, w, h, null, 0, w);
        boolean alpha = image.getColorModel().hasAlpha();
        // channels in VP8L code order: green, red, blue, alpha
        int[] shifts = {8, 16, 0, 24};
        int[][] symbols = new int[4][];
        for (int c = 0; c < 4; c++) {
            java.util.TreeSet<Integer> values = new java.util.TreeSet<>();
            for (int p : argb) {
                values.add(alpha || c != 3 ? (p >>> shifts[c]) & 0xFF : 0xFF);
            }
            if (values.size() > 2) {
                throw new IllegalArgumentException("channel " + c + " takes " + values.size() + " values; at most 2");
            }
            symbols[c] = values.stream().mapToInt(Integer::intValue).toArray();
        }
        BitWriter bits = new BitWriter();
        bits.write(w - 1, 14);
        bits.write(h - 1, 14);
        bits.write(alpha ? 1 : 0, 1);
        bits.write(0, 3);           // version
        bits.write(0, 1);           // no transform
        bits.write(0, 1);           // no colour cache
        bits.write(0, 1);           // no meta prefix codes
        for (int c = 0; c < 4; c++) {
            simpleCode(bits, symbols[c]);
        }
        simpleCode(bits, new int[] {0}); // distance code: never used
        for (int p : argb) {
            for (int c = 0; c < 4; c++) {
                if (symbols[c].length == 2) {
                    int v = alpha || c != 3 ? (p >>> shifts[c]) & 0xFF : 0xFF;
                    // Canonical codes: of two one-bit codes the smaller symbol gets 0.
                    bits.write(v == symbols[c][1] ? 1 : 0, 1);
                }
            }
        }
        byte[] vp8l = bits.bytes();
        int chunk = 1 + vp8l.length;
        int padded = chunk + (chunk & 1);
        ByteBuffer b = ByteBuffer.allocate(12 + 8 + padded).order(ByteOrder.LITTLE_ENDIAN);
        b.put("RIFF".getBytes(StandardCharsets.US_ASCII)).putInt(4 + 8 + padded).put("WEBP".getBytes(StandardCharsets.US_ASCII));
        b.put("VP8L".getBytes(StandardCharsets.US_ASCII)).putInt(chunk).put((byte) 0x2F).put(vp8l);
        return b.array();
    }

    private static void simpleCode(BitWriter bits, int[] symbols) {
        bits.write(1, 1);                      // simple code
        bits.write(symbols.length - 1, 1);     // one or two symbols
        bits.write(1, 1);                      // first symbol has 8 bits
        bits.write(symbols[0], 8);
        if (symbols.length == 2) {
            bits.write(symbols[1], 8);
        }
    }

    /** Least significant bit first, as VP8L reads. */
    private static final class BitWriter {
        private final ByteArrayOutputStream out = new ByteArrayOutputStream();
        private long buffer;
        private int count;

        void write(int value, int n) {
            buffer |= (long) (value & ((1 << n) - 1)) << count;
            count += n;
            while (count >= 8) {
                out.write((int) (buffer & 0xFF));
                buffer >>>= 8;
                count -= 8;
            }
        }

        byte[] bytes() {
            if (count > 0) {
                out.write((int) (buffer & 0xFF));
                buffer = 0;
                count = 0;
            }
            return out.toByteArray();
        }
    }
}

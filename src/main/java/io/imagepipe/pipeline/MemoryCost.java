package io.imagepipe.pipeline;

import io.imagepipe.core.ImageFormat;
import io.imagepipe.core.SourceInfo;
import java.nio.charset.StandardCharsets;

/**
 * What one source really costs the heap while it is decoded, in pixel-budget units (8 bytes, one
 * decoded pixel): the pixels the decoder really allocates, plus the source bytes and the copies
 * the decoders make of them. The core's estimate assumes the decoder subsamples while reading;
 * lossless WebP (VP8L) and TIFF decode the whole picture first, so they are charged at full size.
 */
final class MemoryCost {
    static final int BYTES_PER_UNIT = 8;

    private MemoryCost() {
    }

    static long units(SourceInfo info, long subsampledPixels, byte[] source) {
        long pixels = subsampledPixels;
        int sourceCopies = 1;
        if (decodesAtFullSize(info.format(), source)) {
            pixels = Math.max(pixels, (long) info.width() * info.height());
            sourceCopies = 2; // the probe's and the decoder's stream copy of the bytes
        }
        long bytes = (long) source.length * sourceCopies;
        return pixels + (bytes + BYTES_PER_UNIT - 1) / BYTES_PER_UNIT;
    }

    /** The source's bytes, held from before its download (reserved then, see {@link #decodeUnits}). */
    static long sourceUnits(long bytes) {
        return (Math.max(0, bytes) + BYTES_PER_UNIT - 1) / BYTES_PER_UNIT;
    }

    /** What the decode adds to the source bytes already reserved for the download. */
    static long decodeUnits(SourceInfo info, long subsampledPixels, byte[] source) {
        return units(info, subsampledPixels, source) - sourceUnits(source.length);
    }

    static boolean decodesAtFullSize(ImageFormat format, byte[] source) {
        if (format == ImageFormat.TIFF) {
            return true;
        }
        return format == ImageFormat.WEBP && losslessWebp(source);
    }

    /** RIFF....WEBP then a VP8L chunk, or VP8X whose image chunk (after ICCP/ANIM/EXIF...) is VP8L. */
    static boolean losslessWebp(byte[] b) {
        int at = 12;
        while (at + 8 <= b.length && at < 4096) {
            String type = new String(b, at, 4, StandardCharsets.ISO_8859_1);
            if (type.equals("VP8L")) {
                return true;
            }
            if (type.equals("VP8 ")) {
                return false;
            }
            long size = (b[at + 4] & 0xFFL) | (b[at + 5] & 0xFFL) << 8 | (b[at + 6] & 0xFFL) << 16
                    | (b[at + 7] & 0xFFL) << 24;
            at += 8 + (int) Math.min(Integer.MAX_VALUE - 16, size + (size & 1));
        }
        return true; // unknown layout: assume the expensive decoder
    }
}

package io.imagepipe.core;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Optional;

/**
 * The ICC profile a JPEG carries in its APP2 "ICC_PROFILE" segments (ICC.1 annex B.4: a profile
 * longer than one segment is split, each piece numbered 1..n of n), read from the markers before
 * the first scan. Only the header is walked; no pixel is decoded.
 */
final class JpegIccSegments {
    /** Real profiles are a few hundred bytes to a few hundred KiB; anything larger is not honoured. */
    static final int MAX_PROFILE_BYTES = 4 * 1024 * 1024;
    private static final byte[] SIGNATURE = "ICC_PROFILE\0".getBytes(StandardCharsets.US_ASCII);

    private JpegIccSegments() {
    }

    /**
     * The reassembled profile; empty when there is none, or when its pieces are missing, repeated,
     * inconsistently numbered or too large: a profile that cannot be read whole is no profile.
     */
    static Optional<byte[]> profile(byte[] jpeg) {
        byte[][] pieces = null;
        int total = 0;
        int i = 2;
        while (i + 4 <= jpeg.length) {
            if ((jpeg[i] & 0xFF) != 0xFF) {
                return Optional.empty();
            }
            int marker = jpeg[i + 1] & 0xFF;
            if (marker == 0xFF) {
                i++; // fill byte
                continue;
            }
            if (marker == 0xD8 || marker == 0x01 || (marker >= 0xD0 && marker <= 0xD7)) {
                i += 2; // no length
                continue;
            }
            if (marker == 0xDA || marker == 0xD9) {
                break;
            }
            int length = (jpeg[i + 2] & 0xFF) << 8 | (jpeg[i + 3] & 0xFF);
            int payload = i + 4;
            int end = i + 2 + length;
            if (length < 2 || end > jpeg.length) {
                return Optional.empty();
            }
            if (marker == 0xE2 && end - payload >= SIGNATURE.length + 2
                    && Arrays.equals(jpeg, payload, payload + SIGNATURE.length, SIGNATURE, 0, SIGNATURE.length)) {
                int sequence = jpeg[payload + SIGNATURE.length] & 0xFF;
                int count = jpeg[payload + SIGNATURE.length + 1] & 0xFF;
                if (pieces == null) {
                    pieces = new byte[Math.max(count, 1)][];
                }
                if (count != pieces.length || sequence < 1 || sequence > count || pieces[sequence - 1] != null) {
                    return Optional.empty();
                }
                int from = payload + SIGNATURE.length + 2;
                total += end - from;
                if (total > MAX_PROFILE_BYTES) {
                    return Optional.empty();
                }
                pieces[sequence - 1] = Arrays.copyOfRange(jpeg, from, end);
            }
            i = end;
        }
        if (pieces == null) {
            return Optional.empty();
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(total);
        for (byte[] piece : pieces) {
            if (piece == null) {
                return Optional.empty();
            }
            out.writeBytes(piece);
        }
        return Optional.of(out.toByteArray());
    }
}

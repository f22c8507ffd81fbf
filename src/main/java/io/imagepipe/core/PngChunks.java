package io.imagepipe.core;

import java.util.zip.CRC32;

/**
 * Verifies PNG chunk checksums, which the JDK's PNG reader never looks at: a damaged header or data
 * chunk must be refused as corrupt rather than decoded into a wrong picture (PngSuite's xhdn0g08,
 * xcsn0g01). A CRC pass costs a few milliseconds even for a 50 MiB file.
 */
final class PngChunks {
    private static final int SIGNATURE_BYTES = 8;

    private PngChunks() {
    }

    /** Checks every complete chunk up to IEND; a file cut short is left to the decoder to report. */
    static void verifyChecksums(byte[] png) throws CorruptImageException {
        CRC32 crc = new CRC32();
        int at = SIGNATURE_BYTES;
        while (at + 12 <= png.length) {
            long length = readInt(png, at) & 0xFFFFFFFFL;
            if (length > png.length - at - 12) {
                return;
            }
            int n = (int) length;
            crc.reset();
            crc.update(png, at + 4, 4 + n);
            if ((int) crc.getValue() != readInt(png, at + 8 + n)) {
                String type = new String(png, at + 4, 4, java.nio.charset.StandardCharsets.ISO_8859_1);
                throw new CorruptImageException("png chunk " + type + " at byte " + at + " fails its CRC check");
            }
            if (png[at + 4] == 'I' && png[at + 5] == 'E' && png[at + 6] == 'N' && png[at + 7] == 'D') {
                return;
            }
            at += 12 + n;
        }
    }

    /**
     * The PNG reduced to the chunks the probe reads metadata from (IHDR, eXIf, IEND), so no
     * metadata parser ever inflates a compressed text (zTXt, iTXt) or profile (iCCP) chunk: a 3 MB
     * chunk can inflate to gigabytes. A file cut short keeps what is complete.
     */
    static byte[] probeChunksOnly(byte[] png) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream(256);
        out.write(png, 0, Math.min(SIGNATURE_BYTES, png.length));
        int at = SIGNATURE_BYTES;
        while (at + 12 <= png.length) {
            long length = readInt(png, at) & 0xFFFFFFFFL;
            if (length > png.length - at - 12) {
                break;
            }
            int n = (int) length;
            String type = new String(png, at + 4, 4, java.nio.charset.StandardCharsets.ISO_8859_1);
            if (type.equals("IHDR") || type.equals("eXIf") || type.equals("IEND")) {
                out.write(png, at, 12 + n);
            }
            if (type.equals("IEND")) {
                break;
            }
            at += 12 + n;
        }
        return out.toByteArray();
    }

    /** Whether the PNG carries an embedded ICC profile (an iCCP chunk), found without inflating it. */
    static boolean hasIccProfile(byte[] png) {
        int at = SIGNATURE_BYTES;
        while (at + 12 <= png.length) {
            long length = readInt(png, at) & 0xFFFFFFFFL;
            if (png[at + 4] == 'i' && png[at + 5] == 'C' && png[at + 6] == 'C' && png[at + 7] == 'P') {
                return true;
            }
            if ((png[at + 4] == 'I' && png[at + 5] == 'D' && png[at + 6] == 'A' && png[at + 7] == 'T')
                    || length > png.length - at - 12) {
                return false; // iCCP must come before the image data
            }
            at += 12 + (int) length;
        }
        return false;
    }

    private static int readInt(byte[] b, int at) {
        return (b[at] & 0xFF) << 24 | (b[at + 1] & 0xFF) << 16 | (b[at + 2] & 0xFF) << 8 | (b[at + 3] & 0xFF);
    }
}

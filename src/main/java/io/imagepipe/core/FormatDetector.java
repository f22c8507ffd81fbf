package io.imagepipe.core;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;

/**
 * Identifies an image format from its magic bytes, never from a name or a Content-Type. Formats
 * imagepipe cannot read are still named in the error, so a user learns what they uploaded.
 */
public final class FormatDetector {
    private static final int SNIFF_BYTES = 32;

    /** The readable format of {@code head}, the first bytes of the file (32 are enough). */
    public ImageFormat detect(byte[] head) throws UnsupportedImageException {
        if (head.length == 0) {
            throw new UnsupportedImageException("empty file (0 bytes)");
        }
        if (startsWith(head, 0, 0xFF, 0xD8, 0xFF)) {
            return ImageFormat.JPEG;
        }
        if (startsWith(head, 0, 0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A)) {
            return ImageFormat.PNG;
        }
        if (ascii(head, 0, "GIF87a") || ascii(head, 0, "GIF89a")) {
            return ImageFormat.GIF;
        }
        if (ascii(head, 0, "RIFF") && ascii(head, 8, "WEBP")) {
            return ImageFormat.WEBP;
        }
        if (startsWith(head, 0, 'I', 'I', 42, 0) || startsWith(head, 0, 'M', 'M', 0, 42)
                || startsWith(head, 0, 'I', 'I', 43, 0) || startsWith(head, 0, 'M', 'M', 0, 43)) {
            return ImageFormat.TIFF;
        }
        if (ascii(head, 0, "BM") && head.length >= 18 && plausibleBmpHeaderSize(head)) {
            return ImageFormat.BMP;
        }
        throw new UnsupportedImageException(nameUnsupported(head));
    }

    private static boolean plausibleBmpHeaderSize(byte[] b) {
        int size = (b[14] & 0xFF) | (b[15] & 0xFF) << 8 | (b[16] & 0xFF) << 16 | (b[17] & 0xFF) << 24;
        return size == 12 || size == 16 || size == 40 || size == 52 || size == 56 || size == 64
                || size == 108 || size == 124;
    }

    private static String nameUnsupported(byte[] b) {
        if (ascii(b, 4, "ftyp") && b.length >= 12) {
            String brand = new String(b, 8, 4, StandardCharsets.US_ASCII);
            return switch (brand) {
                case "avif", "avis" -> "AVIF";
                case "heic", "heix", "hevc", "hevx", "heim", "heis", "mif1", "msf1" -> "HEIC/HEIF";
                default -> "ISO media (brand " + brand.strip() + ")";
            };
        }
        if (ascii(b, 0, "%PDF")) {
            return "PDF";
        }
        if (startsWith(b, 0, 0xFF, 0x0A) || startsWith(b, 0, 0, 0, 0, 0x0C, 'J', 'X', 'L', ' ')) {
            return "JPEG XL";
        }
        if (startsWith(b, 0, 0, 0, 0, 0x0C, 'j', 'P', ' ', ' ')) {
            return "JPEG 2000";
        }
        if (ascii(b, 0, "8BPS")) {
            return "Photoshop PSD";
        }
        if (startsWith(b, 0, 0, 0, 1, 0)) {
            return "ICO";
        }
        if (startsWith(b, 0, 'P', 'K', 3, 4)) {
            return "ZIP archive";
        }
        if (startsWith(b, 0, 0x1F, 0x8B)) {
            return "gzip data";
        }
        String text = textStart(b);
        if (text != null) {
            String lower = text.toLowerCase(java.util.Locale.ROOT);
            if (lower.contains("<svg")) {
                return "SVG";
            }
            if (lower.startsWith("<?xml")) {
                return "XML";
            }
            if (lower.startsWith("<!doctype html") || lower.startsWith("<html")) {
                return "HTML";
            }
            return "text";
        }
        int n = Math.min(b.length, 8);
        byte[] first = java.util.Arrays.copyOf(b, n);
        return "unknown (first bytes 0x" + HexFormat.of().formatHex(first) + ")";
    }

    /** The leading text if the first bytes are printable ASCII/UTF-8, else null. */
    private static String textStart(byte[] b) {
        int n = Math.min(b.length, SNIFF_BYTES * 8);
        for (int i = 0; i < n; i++) {
            int c = b[i] & 0xFF;
            boolean printable = c >= 0x20 && c != 0x7F || c == '\n' || c == '\r' || c == '\t' || c >= 0x80;
            if (!printable) {
                return null;
            }
        }
        return new String(b, 0, n, StandardCharsets.UTF_8).stripLeading();
    }

    private static boolean ascii(byte[] b, int offset, String s) {
        if (b.length < offset + s.length()) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            if (b[offset + i] != (byte) s.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    private static boolean startsWith(byte[] b, int offset, int... expected) {
        if (b.length < offset + expected.length) {
            return false;
        }
        for (int i = 0; i < expected.length; i++) {
            if ((b[offset + i] & 0xFF) != (expected[i] & 0xFF)) {
                return false;
            }
        }
        return true;
    }
}

package io.imagepipe.http;

import java.nio.charset.StandardCharsets;
import java.text.Normalizer;
import java.util.Locale;

/**
 * Turns the name a browser reports for a file into the last segment of an S3 key: never a path,
 * no control characters, only letters, digits, '.', '-' and '_', at most {@value #MAX_BYTES} bytes.
 */
final class FileNames {
    static final int MAX_BYTES = 100;
    private static final String FALLBACK = "image";

    private FileNames() {
    }

    /** @throws ApiException (400) for names no person would give a file: empty, or with control characters */
    static String sanitize(String filename) {
        if (filename == null || filename.isBlank()) {
            throw new ApiException(400, "invalid_filename", "filename is empty; send the name of the chosen file");
        }
        if (filename.codePoints().anyMatch(Character::isISOControl)) {
            throw new ApiException(400, "invalid_filename", "filename contains control characters (such as NUL);"
                    + " send the file's name as the browser reports it");
        }
        String name = Normalizer.normalize(filename, Normalizer.Form.NFC);
        name = name.substring(Math.max(name.lastIndexOf('/'), name.lastIndexOf('\\')) + 1);
        int dot = name.lastIndexOf('.');
        String extension = "";
        if (dot >= 0 && name.substring(dot + 1).matches("[A-Za-z0-9]{1,10}")) {
            extension = name.substring(dot + 1).toLowerCase(Locale.ROOT);
            name = name.substring(0, dot);
        }
        StringBuilder base = new StringBuilder();
        name.codePoints().forEach(c -> base.appendCodePoint(
                Character.isLetterOrDigit(c) || c == '-' || c == '_' || c == '.' ? c : '-'));
        String cleaned = base.toString().replaceAll("\\.{2,}", ".").replaceAll("-{2,}", "-")
                .replaceAll("^[-._]+|[-._]+$", "");
        if (cleaned.isEmpty()) {
            cleaned = FALLBACK;
        }
        int budget = MAX_BYTES - (extension.isEmpty() ? 0 : extension.length() + 1);
        return truncate(cleaned, budget) + (extension.isEmpty() ? "" : "." + extension);
    }

    /** At most {@code maxBytes} of UTF-8, cut between code points. */
    private static String truncate(String s, int maxBytes) {
        if (s.getBytes(StandardCharsets.UTF_8).length <= maxBytes) {
            return s;
        }
        StringBuilder out = new StringBuilder();
        int bytes = 0;
        for (int i = 0; i < s.length(); ) {
            int c = s.codePointAt(i);
            int size = new String(Character.toChars(c)).getBytes(StandardCharsets.UTF_8).length;
            if (bytes + size > maxBytes) {
                break;
            }
            out.appendCodePoint(c);
            bytes += size;
            i += Character.charCount(c);
        }
        return out.toString().replaceAll("[-._]+$", "");
    }
}

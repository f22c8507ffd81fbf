package io.imagepipe.event;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Decodes {@code application/x-www-form-urlencoded} text, as S3 uses for object keys in its event
 * notifications: {@code +} is a space, {@code %XX} are the bytes of UTF-8, anything else stands for
 * itself.
 *
 * <p>Unlike {@link java.net.URLDecoder#decode(String, java.nio.charset.Charset)}, which does the same
 * decoding, this refuses escaped bytes that are not valid UTF-8 instead of silently turning them into
 * U+FFFD: a key decoded that way would name an object that does not exist.
 */
final class FormDecoding {

    private FormDecoding() {
    }

    /**
     * @throws IllegalArgumentException saying what is wrong: an incomplete or non-hex {@code %}
     *                                  escape, or escaped bytes that are not UTF-8
     */
    static String decode(String encoded) {
        if (encoded.indexOf('%') < 0 && encoded.indexOf('+') < 0) {
            return encoded;
        }
        StringBuilder out = new StringBuilder(encoded.length());
        ByteArrayOutputStream pending = new ByteArrayOutputStream();
        int pendingStart = -1;
        int i = 0;
        while (i < encoded.length()) {
            char c = encoded.charAt(i);
            if (c == '%') {
                if (i + 2 >= encoded.length()) {
                    throw new IllegalArgumentException(
                            "incomplete escape '" + encoded.substring(i) + "' at index " + i);
                }
                int hi = Character.digit(encoded.charAt(i + 1), 16);
                int lo = Character.digit(encoded.charAt(i + 2), 16);
                if (hi < 0 || lo < 0) {
                    throw new IllegalArgumentException(
                            "invalid escape '" + encoded.substring(i, i + 3) + "' at index " + i);
                }
                if (pending.size() == 0) {
                    pendingStart = i;
                }
                pending.write(hi << 4 | lo);
                i += 3;
            } else {
                flush(pending, pendingStart, encoded, i, out);
                out.append(c == '+' ? ' ' : c);
                i++;
            }
        }
        flush(pending, pendingStart, encoded, i, out);
        return out.toString();
    }

    private static void flush(ByteArrayOutputStream pending, int start, String encoded, int end,
                              StringBuilder out) {
        if (pending.size() == 0) {
            return;
        }
        CharsetDecoder utf8 = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        try {
            out.append(utf8.decode(ByteBuffer.wrap(pending.toByteArray())));
        } catch (CharacterCodingException e) {
            throw new IllegalArgumentException("escaped bytes '" + encoded.substring(start, end)
                    + "' at index " + start + " are not valid UTF-8", e);
        }
        pending.reset();
    }
}

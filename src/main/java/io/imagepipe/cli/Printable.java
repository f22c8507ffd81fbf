package io.imagepipe.cli;

/** Text from object keys and error messages made safe for one terminal line: control characters escaped. */
final class Printable {
    private Printable() {
    }

    static String of(String text) {
        StringBuilder b = new StringBuilder(text.length());
        text.codePoints().forEach(c -> {
            if (Character.isISOControl(c) || c == 0x2028 || c == 0x2029) {
                b.append(String.format("\\u%04x", c));
            } else {
                b.appendCodePoint(c);
            }
        });
        return b.toString();
    }
}

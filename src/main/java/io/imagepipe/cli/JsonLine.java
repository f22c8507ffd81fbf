package io.imagepipe.cli;

/**
 * Builds one JSON object as text, fields in the order they are added. The resize command writes a
 * line per file with it instead of Jackson: creating Jackson's ObjectMapper costs about 0.3 s of
 * CPU in a cold JVM, a tenth of what the whole command spends on 24 photos (bench/RESULTS.md).
 */
final class JsonLine {
    private final StringBuilder text = new StringBuilder(256).append('{');
    private final java.util.Set<String> names = new java.util.HashSet<>();

    JsonLine put(String name, String value) {
        name(name);
        if (value == null) {
            text.append("null");
            return this;
        }
        return string(value);
    }

    JsonLine put(String name, long value) {
        name(name).text.append(value);
        return this;
    }

    JsonLine put(String name, double value) {
        name(name).text.append(Double.isFinite(value) ? Double.toString(value) : "null");
        return this;
    }

    /** A field holding an array of objects, already built. */
    JsonLine putArray(String name, Iterable<JsonLine> objects) {
        name(name).text.append('[');
        boolean first = true;
        for (JsonLine object : objects) {
            text.append(first ? "" : ",").append(object);
            first = false;
        }
        text.append(']');
        return this;
    }

    boolean has(String name) {
        return names.contains(name);
    }

    private JsonLine name(String name) {
        if (!names.isEmpty()) {
            text.append(',');
        }
        names.add(name);
        string(name);
        text.append(':');
        return this;
    }

    private JsonLine string(String value) {
        text.append('"');
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '"' -> text.append("\\\"");
                case '\\' -> text.append("\\\\");
                case '\n' -> text.append("\\n");
                case '\r' -> text.append("\\r");
                case '\t' -> text.append("\\t");
                default -> {
                    if (c < 0x20) {
                        text.append(String.format("\\u%04x", (int) c));
                    } else {
                        text.append(c);
                    }
                }
            }
        }
        text.append('"');
        return this;
    }

    @Override
    public String toString() {
        return text + "}";
    }
}

package io.imagepipe.core;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Where a rendition of a source key is written: {@code {rendition}/{dir}{name}.{ext}} by default,
 * so {@code photos/2024/cat.jpeg} becomes {@code thumb/photos/2024/cat.jpg}.
 *
 * <p>Placeholders: {@code {rendition}} the rendition name, {@code {dir}} the source key's folder with
 * its trailing slash (empty at the top), {@code {name}} the file name without extension,
 * {@code {ext}} the rendition's extension, {@code {key}} the whole source key, {@code {etag}} the
 * source version's ETag (content-addressed keys: a new upload gets new keys, so they may be cached
 * as immutable).
 */
public final class KeyTemplate {
    public static final String DEFAULT = "{rendition}/{dir}{name}.{ext}";
    private static final Set<String> PLACEHOLDERS = Set.of("rendition", "dir", "name", "ext", "key", "etag");

    private final String template;
    private final List<String> parts;

    private KeyTemplate(String template, List<String> parts) {
        this.template = template;
        this.parts = parts;
    }

    /** Even-indexed parts are literal text, odd-indexed parts are placeholder names. */
    public static KeyTemplate parse(String template) {
        if (template == null || template.isBlank()) {
            throw new IllegalArgumentException("key template is empty; the default is '" + DEFAULT + "'");
        }
        List<String> parts = new ArrayList<>();
        int i = 0;
        StringBuilder literal = new StringBuilder();
        while (i < template.length()) {
            char c = template.charAt(i);
            if (c == '}') {
                throw new IllegalArgumentException("key template '" + template + "': '}' at " + i + " closes nothing");
            }
            if (c != '{') {
                literal.append(c);
                i++;
                continue;
            }
            int end = template.indexOf('}', i);
            if (end < 0) {
                throw new IllegalArgumentException("key template '" + template + "': '{' at " + i + " is never closed");
            }
            String name = template.substring(i + 1, end);
            if (!PLACEHOLDERS.contains(name)) {
                throw new IllegalArgumentException("key template '" + template + "': unknown placeholder '{" + name
                        + "}' (use {rendition} {dir} {name} {ext} {key} {etag})");
            }
            parts.add(literal.toString());
            parts.add(name);
            literal.setLength(0);
            i = end + 1;
        }
        parts.add(literal.toString());
        if (!parts.contains("rendition") && !parts.contains("ext")) {
            // Without either, every rendition of a source would be written to the same key.
            throw new IllegalArgumentException("key template '" + template
                    + "' must contain {rendition} or {ext} so renditions do not overwrite each other");
        }
        if (!parts.contains("name") && !parts.contains("key")) {
            throw new IllegalArgumentException("key template '" + template
                    + "' must contain {name} or {key} so different sources do not overwrite each other");
        }
        return new KeyTemplate(template, List.copyOf(parts));
    }

    public String apply(String sourceKey, String rendition, String extension) {
        return apply(sourceKey, rendition, extension, null);
    }

    /**
     * @param sourceETag the source version's ETag, for {@code {etag}}: keys that change whenever the
     *                   source does, so renditions can be cached as immutable
     */
    public String apply(String sourceKey, String rendition, String extension, String sourceETag) {
        if (usesSourceETag() && (sourceETag == null || sourceETag.isEmpty())) {
            throw new IllegalArgumentException("key template '" + template + "' needs the source's ETag");
        }
        int slash = sourceKey.lastIndexOf('/');
        String dir = sourceKey.substring(0, slash + 1);
        String file = sourceKey.substring(slash + 1);
        int dot = file.lastIndexOf('.');
        String name = dot > 0 ? file.substring(0, dot) : file;
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < parts.size(); i++) {
            String part = parts.get(i);
            if (i % 2 == 0) {
                out.append(part);
                continue;
            }
            out.append(switch (part) {
                case "rendition" -> rendition;
                case "dir" -> dir;
                case "name" -> name;
                case "ext" -> extension;
                case "etag" -> sourceETag;
                default -> sourceKey;
            });
        }
        return out.toString();
    }

    /**
     * Prefixes that every key this template makes starts with, one per rendition when the
     * template starts with {@code {rendition}}; an empty string means the keys can be anything.
     */
    public List<String> keyPrefixes(List<String> renditionNames) {
        if (parts.size() > 1 && parts.get(0).isEmpty() && parts.get(1).equals("rendition")) {
            String after = parts.get(2);
            return renditionNames.stream().map(n -> n + after).toList();
        }
        return List.of(parts.get(0));
    }

    /** Keys carry the source's ETag ({@code {etag}}): each version of a source gets keys of its own. */
    public boolean usesSourceETag() {
        return parts.contains("etag");
    }

    @Override
    public String toString() {
        return template;
    }
}

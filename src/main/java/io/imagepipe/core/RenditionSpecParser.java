package io.imagepipe.core;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parses {@code thumb=300x300:fill,medium=800x0:fit,large=1600x1600:fit}. Errors quote the part
 * that is wrong, because the text usually comes from an environment variable typed by hand.
 */
public final class RenditionSpecParser {
    public static final String DEFAULT = "thumb=300x300:fill,medium=800x0:fit,large=1600x1600:fit";
    private static final Pattern SIZE = Pattern.compile("(\\d{1,5})x(\\d{1,5})");

    public List<RenditionSpec> parse(String text) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("no renditions given; expected for example '" + DEFAULT + "'");
        }
        List<RenditionSpec> specs = new ArrayList<>();
        Set<String> names = new HashSet<>();
        for (String part : text.split(",")) {
            RenditionSpec spec = parseOne(part.strip());
            if (!names.add(spec.name())) {
                throw new IllegalArgumentException("rendition '" + part.strip() + "': the name '" + spec.name()
                        + "' is used twice");
            }
            specs.add(spec);
        }
        return List.copyOf(specs);
    }

    private RenditionSpec parseOne(String part) {
        int eq = part.indexOf('=');
        if (eq <= 0) {
            throw bad(part, "expected NAME=WIDTHxHEIGHT[:fit|fill][:jpeg|png][:QUALITY]");
        }
        String name = part.substring(0, eq).strip();
        String[] fields = part.substring(eq + 1).split(":", -1);
        Matcher size = SIZE.matcher(fields[0].strip());
        if (!size.matches()) {
            throw bad(part, "size '" + fields[0] + "' is not WIDTHxHEIGHT (0 for an unbounded side)");
        }
        FitMode mode = FitMode.FIT;
        Optional<ImageFormat> format = Optional.empty();
        int quality = RenditionSpec.DEFAULT_QUALITY;
        for (int i = 1; i < fields.length; i++) {
            String field = fields[i].strip().toLowerCase(Locale.ROOT);
            if (field.equals("fit") || field.equals("fill")) {
                mode = FitMode.valueOf(field.toUpperCase(Locale.ROOT));
            } else if (field.matches("\\d{1,3}")) {
                quality = Integer.parseInt(field);
            } else if (ImageFormat.byName(field).isPresent()) {
                format = ImageFormat.byName(field);
            } else {
                throw bad(part, "'" + fields[i] + "' is not a mode (fit, fill), a format (jpeg, png) or a quality (1-100)");
            }
        }
        try {
            return new RenditionSpec(name, Integer.parseInt(size.group(1)), Integer.parseInt(size.group(2)), mode,
                    format, quality);
        } catch (IllegalArgumentException e) {
            throw bad(part, e.getMessage());
        }
    }

    private static IllegalArgumentException bad(String part, String why) {
        return new IllegalArgumentException("invalid rendition '" + part + "': " + why);
    }
}

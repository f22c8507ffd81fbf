package io.imagepipe.core;

import java.util.Optional;

/**
 * One rendition to produce: {@code name=WIDTHxHEIGHT[:mode][:format][:quality]}.
 *
 * @param width   box width, 0 for unbounded
 * @param height  box height, 0 for unbounded
 * @param format  the output format, or empty to follow the source (see {@link OutputFormats})
 * @param quality JPEG quality 1-100 (ignored for PNG, which is lossless)
 */
public record RenditionSpec(String name, int width, int height, FitMode mode, Optional<ImageFormat> format,
                            int quality) {
    public static final int DEFAULT_QUALITY = 85;

    public RenditionSpec {
        if (name == null || !name.matches("[A-Za-z0-9][A-Za-z0-9_-]{0,63}")) {
            throw new IllegalArgumentException("rendition name '" + name
                    + "' must be 1-64 letters, digits, '-' or '_'");
        }
        if (width < 0 || height < 0 || width == 0 && height == 0) {
            throw new IllegalArgumentException("rendition '" + name + "' needs a positive width or height");
        }
        if (mode == FitMode.FILL && (width == 0 || height == 0)) {
            throw new IllegalArgumentException("rendition '" + name + "': fill needs both a width and a height");
        }
        if (format.isPresent() && !format.get().writable()) {
            throw new IllegalArgumentException("rendition '" + name + "': cannot write " + format.get().id()
                    + " (jpeg or png)");
        }
        if (quality < 1 || quality > 100) {
            throw new IllegalArgumentException("rendition '" + name + "': quality " + quality + " is not in 1-100");
        }
    }

    /** The canonical text of this spec, as {@link RenditionSpecParser} reads it. */
    @Override
    public String toString() {
        return name + "=" + width + "x" + height + ":" + mode.name().toLowerCase(java.util.Locale.ROOT)
                + format.map(f -> ":" + f.id()).orElse("") + ":" + quality;
    }
}

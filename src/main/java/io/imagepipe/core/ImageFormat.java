package io.imagepipe.core;

import java.util.Locale;
import java.util.Optional;

/** The image formats imagepipe reads; only {@link #JPEG} and {@link #PNG} are written. */
public enum ImageFormat {
    JPEG("jpg", "image/jpeg"),
    PNG("png", "image/png"),
    GIF("gif", "image/gif"),
    BMP("bmp", "image/bmp"),
    WEBP("webp", "image/webp"),
    TIFF("tiff", "image/tiff");

    private final String extension;
    private final String contentType;

    ImageFormat(String extension, String contentType) {
        this.extension = extension;
        this.contentType = contentType;
    }

    /** The file extension renditions of this format get, without the dot. */
    public String extension() {
        return extension;
    }

    public String contentType() {
        return contentType;
    }

    /** The lower-case name used in manifests, rendition specs and logs ("jpeg", "png"...). */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    public boolean writable() {
        return this == JPEG || this == PNG;
    }

    /** Accepts "jpeg", "jpg", "png"... case-insensitively. */
    public static Optional<ImageFormat> byName(String name) {
        String n = name.toLowerCase(Locale.ROOT);
        if (n.equals("jpg")) {
            return Optional.of(JPEG);
        }
        if (n.equals("tif")) {
            return Optional.of(TIFF);
        }
        for (ImageFormat f : values()) {
            if (f.id().equals(n)) {
                return Optional.of(f);
            }
        }
        return Optional.empty();
    }
}

package io.imagepipe.core;

/** One encoded rendition, as displayed (orientation applied). */
public record Rendition(String name, int width, int height, ImageFormat format, byte[] bytes) {

    public String contentType() {
        return format.contentType();
    }

    public String extension() {
        return format.extension();
    }
}

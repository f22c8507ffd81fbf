package io.imagepipe.core;

/** The bytes are not an image format imagepipe reads; {@link #detected()} names what they look like. */
public final class UnsupportedImageException extends ImageException {
    private final String detected;

    public UnsupportedImageException(String detected) {
        super("unsupported format: " + detected
                + " (supported: JPEG, PNG, GIF, BMP, WebP, TIFF)", null);
        this.detected = detected;
    }

    public String detected() {
        return detected;
    }

    @Override
    public String reason() {
        return "unsupported";
    }
}

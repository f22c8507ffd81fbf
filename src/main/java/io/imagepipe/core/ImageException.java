package io.imagepipe.core;

/**
 * Why a source image cannot be turned into renditions. Every subtype is permanent for the given
 * bytes: retrying the same input gives the same answer, so callers reject rather than retry.
 */
public abstract sealed class ImageException extends Exception
        permits UnsupportedImageException, ImageTooLargeException, CorruptImageException {

    protected ImageException(String message, Throwable cause) {
        super(message, cause);
    }

    /** A short stable code for metrics, DLQ attributes and manifests: "unsupported", "too_large", "corrupt". */
    public abstract String reason();
}

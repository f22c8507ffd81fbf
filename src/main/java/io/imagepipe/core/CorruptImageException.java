package io.imagepipe.core;

/** The bytes claim a supported format but cannot be decoded completely. */
public final class CorruptImageException extends ImageException {
    public CorruptImageException(String message) {
        super(message, null);
    }

    public CorruptImageException(String message, Throwable cause) {
        super(message, cause);
    }

    @Override
    public String reason() {
        return "corrupt";
    }
}

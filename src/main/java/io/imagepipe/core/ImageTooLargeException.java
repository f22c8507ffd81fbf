package io.imagepipe.core;

/** The source exceeds a configured limit; refused before any pixel is decoded. */
public final class ImageTooLargeException extends ImageException {
    private final String limit;
    private final long value;
    private final long max;

    public ImageTooLargeException(String limit, long value, long max) {
        super(limit + " " + value + " exceeds the limit of " + max, null);
        this.limit = limit;
        this.value = value;
        this.max = max;
    }

    /** Which limit: "source bytes" or "source pixels". */
    public String limit() {
        return limit;
    }

    public long value() {
        return value;
    }

    public long max() {
        return max;
    }

    @Override
    public String reason() {
        return "too_large";
    }
}

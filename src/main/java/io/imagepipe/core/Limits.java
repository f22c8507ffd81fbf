package io.imagepipe.core;

/** Sources beyond these are refused before decoding. */
public record Limits(long maxSourceBytes, long maxSourcePixels) {
    public static final Limits DEFAULT = new Limits(50L * 1024 * 1024, 50_000_000L);

    public Limits {
        if (maxSourceBytes <= 0 || maxSourcePixels <= 0) {
            throw new IllegalArgumentException("limits must be positive: " + maxSourceBytes + " bytes, "
                    + maxSourcePixels + " pixels");
        }
    }

    public void checkBytes(long bytes) throws ImageTooLargeException {
        if (bytes > maxSourceBytes) {
            throw new ImageTooLargeException("source bytes", bytes, maxSourceBytes);
        }
    }

    public void checkPixels(SourceInfo info) throws ImageTooLargeException {
        if (info.pixels() > maxSourcePixels) {
            throw new ImageTooLargeException("source pixels (" + info.width() + "x" + info.height() + ")",
                    info.pixels(), maxSourcePixels);
        }
    }
}

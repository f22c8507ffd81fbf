package io.imagepipe.core;

/** A width and height in pixels. */
public record Size(int width, int height) {
    public Size {
        if (width <= 0 || height <= 0) {
            throw new IllegalArgumentException("size must be positive: " + width + "x" + height);
        }
    }

    public Size transposed() {
        return new Size(height, width);
    }

    public long pixels() {
        return (long) width * height;
    }

    public boolean covers(Size other) {
        return width >= other.width && height >= other.height;
    }

    @Override
    public String toString() {
        return width + "x" + height;
    }
}

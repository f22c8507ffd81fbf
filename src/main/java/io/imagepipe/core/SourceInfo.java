package io.imagepipe.core;

/**
 * What the header of a source image says, read without decoding pixels.
 *
 * @param width       stored width in pixels (before orientation is applied)
 * @param height      stored height in pixels
 * @param orientation EXIF orientation 1-8 (1 when absent or invalid)
 * @param iccProfile  an embedded ICC profile was found
 * @param cmyk        four-component (CMYK or YCCK) JPEG
 */
public record SourceInfo(ImageFormat format, long bytes, int width, int height, int orientation,
                         boolean iccProfile, boolean cmyk) {

    public long pixels() {
        return (long) width * height;
    }

    /** Orientations 5-8 turn the picture by 90 degrees, so it is displayed with width and height swapped. */
    public boolean transposed() {
        return orientation >= 5 && orientation <= 8;
    }

    public int displayWidth() {
        return transposed() ? height : width;
    }

    public int displayHeight() {
        return transposed() ? width : height;
    }
}

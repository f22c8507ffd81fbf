package io.imagepipe.core;

/**
 * A whole picture in stored orientation as the core holds it between decode and encode: interleaved
 * BGR/ABGR pixels ({@link InterleavedPicture}), or the Y, Cb and Cr planes of a JPEG
 * ({@link PlanarPicture}). {@link ImageProcessor} decides which picture each rendition derives from
 * and how it is cut; the picture does the work in its own layout.
 */
sealed interface Picture permits InterleavedPicture, PlanarPicture {
    int width();

    int height();

    boolean transparent();

    /** This picture scaled to exactly {@code target} (the policy is {@link Resizer}'s). */
    Picture resized(Resizer resizer, Size target);

    /** The centre {@code part} of this picture, scaled to {@code target}. */
    Picture cropCentreAndResized(Resizer resizer, Size part, Size target);

    /** Turned upright for an EXIF orientation (1-8). */
    Picture upright(int orientation);

    byte[] encode(ImageEncoder encoder, ImageFormat format, int quality);

    default Size size() {
        return new Size(width(), height());
    }
}

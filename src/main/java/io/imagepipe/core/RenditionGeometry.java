package io.imagepipe.core;

/**
 * The sizes one rendition needs, computed in display orientation.
 *
 * @param scaled the whole picture scaled for this rendition (before any crop)
 * @param output the rendition itself: {@code scaled} for fit, the centre crop of it for fill
 */
public record RenditionGeometry(Size scaled, Size output) {

    /** Never upscales: a source smaller than the box keeps its size (fill still crops to the box's aspect). */
    public static RenditionGeometry of(Size source, RenditionSpec spec) {
        double sx = spec.width() == 0 ? Double.POSITIVE_INFINITY : (double) spec.width() / source.width();
        double sy = spec.height() == 0 ? Double.POSITIVE_INFINITY : (double) spec.height() / source.height();
        if (spec.mode() == FitMode.FIT) {
            Size fit = scale(source, Math.min(1.0, Math.min(sx, sy)));
            return new RenditionGeometry(fit, fit);
        }
        double cover = Math.max(sx, sy);
        if (cover <= 1.0) {
            Size scaled = scale(source, cover);
            return new RenditionGeometry(scaled, new Size(Math.min(spec.width(), scaled.width()),
                    Math.min(spec.height(), scaled.height())));
        }
        // Too small to cover the box without upscaling: keep the pixels, crop to the box's aspect ratio.
        double boxAspect = (double) spec.width() / spec.height();
        double sourceAspect = (double) source.width() / source.height();
        Size crop = sourceAspect > boxAspect
                ? new Size(Math.max(1, (int) Math.round(source.height() * boxAspect)), source.height())
                : new Size(source.width(), Math.max(1, (int) Math.round(source.width() / boxAspect)));
        return new RenditionGeometry(source, crop);
    }

    private static Size scale(Size source, double factor) {
        if (factor >= 1.0) {
            return source;
        }
        return new Size(Math.max(1, (int) Math.round(source.width() * factor)),
                Math.max(1, (int) Math.round(source.height() * factor)));
    }

    public boolean cropped() {
        return !scaled.equals(output);
    }
}

package io.imagepipe.core;

import java.awt.image.BufferedImage;

/**
 * Downscales working-layout pictures ({@link Pixels}) to an exact size, the way libvips and Pillow
 * do: exact 2x2 box halvings while the picture is still at least {@code 2 * FILTER_RATIO} times the
 * target, then one separable cubic pass ({@link #KERNEL}), stretched by the remaining ratio, for the rest.
 *
 * <p>Halving is cheap and averages every pixel; leaving the last {@code FILTER_RATIO}-fold
 * reduction to the filter keeps the result close to a Lanczos reduction of the whole picture
 * (bench/RESULTS.md has the measurements that chose the kernel and the ratio). Transparent
 * pictures are filtered with premultiplied alpha, so hidden colours do not bleed into edges.
 */
final class Resizer {
    /**
     * Halving stops while the filter still has at least this much reduction to do (a picture less
     * than twice this times the target is left to the filter alone). At 1.0
     * (halve while the picture is twice the target) the 800 px rendition's SSIM fell from 0.972 to 0.966;
     * on the uploads set, deriving the 800 px rendition straight from the decode, 1.5 gave 0.9726 against 0.9739.
     */
    static final double FILTER_RATIO = 2.0;
    /**
     * The sharper Keys cubic (a = -0.75): the 800 px rendition's SSIM 0.9747 on the uploads set and
     * 0.9754 on the photos, where Catmull-Rom gave 0.9735 and 0.9741, for the same CPU (same taps).
     * Lanczos-3 gave 0.9749 and 0.9757 for 1.2-1.25x the CPU per image; Lanczos-2 and Mitchell were no
     * better than Catmull-Rom (bench/RESULTS.md, "Uploads quality").
     */
    static final ResampleKernel KERNEL = ResampleKernel.CUBIC_SHARP;

    /** {@code source} scaled to exactly {@code target}; the source itself when it already has that size. */
    BufferedImage resize(BufferedImage source, Size target) {
        if (source.getWidth() == target.width() && source.getHeight() == target.height()) {
            return source;
        }
        return resizeRegion(source, 0, 0, source.getWidth(), source.getHeight(), target);
    }

    /** The centre {@code part} of {@code source}, then scaled to {@code target}. */
    BufferedImage cropCentreAndResize(BufferedImage source, Size part, Size target) {
        int x = (source.getWidth() - part.width()) / 2;
        int y = (source.getHeight() - part.height()) / 2;
        return resizeRegion(source, x, y, part.width(), part.height(), target);
    }

    private BufferedImage resizeRegion(BufferedImage source, int x, int y, int width, int height, Size target) {
        boolean whole = x == 0 && y == 0 && width == source.getWidth() && height == source.getHeight();
        if (width == target.width() && height == target.height()) {
            return whole ? source : Pixels.crop(source, x, y, width, height);
        }
        int channels = Pixels.channels(source);
        boolean alpha = channels == 4;
        byte[] pixels = whole && !alpha ? Pixels.bytes(source) : Pixels.bytes(Pixels.crop(source, x, y, width, height));
        if (alpha) {
            Pixels.premultiply(pixels);
        }
        int w = width;
        int h = height;
        while (w >= 2 * FILTER_RATIO * target.width() && h >= 2 * FILTER_RATIO * target.height()) {
            pixels = BoxHalving.halve(pixels, w, h, channels);
            w /= 2;
            h /= 2;
        }
        if (w != target.width() || h != target.height()) {
            pixels = SeparableFilter.resample(pixels, w, h, channels,
                    FilterWeights.of(KERNEL, w, target.width()), FilterWeights.of(KERNEL, h, target.height()));
        }
        if (alpha) {
            Pixels.unpremultiply(pixels);
        }
        return Pixels.wrap(pixels, target.width(), target.height(), alpha);
    }
}

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
        while (halves(w, h, target.width(), target.height())) {
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

    /** Whether a {@code w x h} picture (or plane) is still big enough to be halved on its way to {@code tw x th}. */
    private static boolean halves(int w, int h, int tw, int th) {
        return w >= 2 * FILTER_RATIO * tw && h >= 2 * FILTER_RATIO * th;
    }

    /**
     * The planar JPEG path: the luma region at ({@code x}, {@code y}), {@code width x height}, scaled to
     * {@code target}, and the chroma over the same region resampled straight to 4:2:0 (half the
     * target, rounded up) from whatever sampling and siting the source has, sited for the source's
     * orientation ({@link PlanarPicture}). Every plane is halved and filtered by the same rule as
     * interleaved pixels.
     */
    PlanarPicture resizePlanar(PlanarPicture source, int x, int y, int width, int height, Size target) {
        int tw = target.width();
        int th = target.height();
        Plane luma = resizePlane(source.luma(), x, y, width, height, tw, th, tw, th, 0, 0);
        if (source.grey()) {
            return PlanarPicture.grey(luma, source.orientation());
        }
        // In chroma samples: the region from the source's sample origin, and the output's chroma,
        // which spans half the target (its last sample may overhang), from its own.
        double cx = source.chromaX();
        double cy = source.chromaY();
        double x0 = x / cx - source.shiftX();
        double y0 = y / cy - source.shiftY();
        double shiftX = source.shiftXFor(tw);
        double shiftY = source.shiftYFor(th);
        int cw = PlanarPicture.ceilDiv(tw, 2);
        int ch = PlanarPicture.ceilDiv(th, 2);
        Plane cb = resizePlane(source.cb(), x0, y0, width / cx, height / cy, cw, ch, tw / 2.0, th / 2.0, shiftX, shiftY);
        Plane cr = resizePlane(source.cr(), x0, y0, width / cx, height / cy, cw, ch, tw / 2.0, th / 2.0, shiftX, shiftY);
        return new PlanarPicture(luma, cb, cr, 2, 2, source.orientation(), shiftX, shiftY);
    }

    /**
     * The region {@code (x0, y0, regionWidth x regionHeight)} of {@code plane}, in its samples and
     * possibly starting or ending between them, onto {@code targetWidth x targetHeight} samples that
     * span {@code extentWidth x extentHeight} of them, each centred {@code targetShift} of a sample
     * from the middle of its own.
     */
    private static Plane resizePlane(Plane plane, double x0, double y0, double regionWidth, double regionHeight,
                                     int targetWidth, int targetHeight, double extentWidth, double extentHeight,
                                     double targetShiftX, double targetShiftY) {
        int left = (int) Math.floor(x0);
        int top = (int) Math.floor(y0);
        int right = Math.min(plane.width(), (int) Math.ceil(x0 + regionWidth - 1e-9));
        int bottom = Math.min(plane.height(), (int) Math.ceil(y0 + regionHeight - 1e-9));
        Plane cut = plane.crop(left, top, right - left, bottom - top);
        byte[] samples = cut.samples();
        int w = cut.width();
        int h = cut.height();
        double ox = x0 - left;
        double oy = y0 - top;
        double rw = regionWidth;
        double rh = regionHeight;
        while (halves(w, h, targetWidth, targetHeight)) {
            samples = BoxHalving.halve(samples, w, h, 1);
            w /= 2;
            h /= 2;
            ox /= 2;
            oy /= 2;
            rw /= 2;
            rh /= 2;
        }
        double sx = rw / extentWidth;
        double sy = rh / extentHeight;
        ox += targetShiftX * sx;
        oy += targetShiftY * sy;
        if (h != targetHeight || oy != 0 || sy != 1) {
            samples = SeparableFilter.vertical(samples, w, FilterWeights.of(KERNEL, h, targetHeight, oy, sy));
        }
        if (w != targetWidth || ox != 0 || sx != 1) {
            samples = SeparableFilter.horizontal(samples, w, targetHeight, 1, FilterWeights.of(KERNEL, w, targetWidth, ox, sx));
        }
        return samples == plane.samples() ? plane : new Plane(samples, targetWidth, targetHeight);
    }
}

package io.imagepipe.core;

import java.awt.image.BufferedImage;
import org.imgscalr.Scalr;

/**
 * Downscales with imgscalr's QUALITY method: repeated halving with bilinear filtering, which averages
 * every source pixel on the way down instead of skipping most of them as a single bilinear step would.
 */
final class Resizer {

    /** {@code source} scaled to exactly {@code target}; the source itself when it already has that size. */
    BufferedImage resize(BufferedImage source, Size target) {
        if (source.getWidth() == target.width() && source.getHeight() == target.height()) {
            return source;
        }
        return Scalr.resize(source, Scalr.Method.QUALITY, Scalr.Mode.FIT_EXACT, target.width(), target.height());
    }

    /** The centre {@code part} of {@code source}, then scaled to {@code target}. */
    BufferedImage cropCentreAndResize(BufferedImage source, Size part, Size target) {
        int x = (source.getWidth() - part.width()) / 2;
        int y = (source.getHeight() - part.height()) / 2;
        BufferedImage view = source.getSubimage(x, y, part.width(), part.height());
        if (part.equals(target)) {
            // getSubimage shares the parent's array; later stages expect a compact image of their own.
            return Scalr.crop(source, x, y, part.width(), part.height());
        }
        return Scalr.resize(view, Scalr.Method.QUALITY, Scalr.Mode.FIT_EXACT, target.width(), target.height());
    }
}

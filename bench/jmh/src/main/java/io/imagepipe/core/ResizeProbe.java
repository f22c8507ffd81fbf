package io.imagepipe.core;

import java.awt.image.BufferedImage;

/** Opens the core's package-private resampler to the benchmarks (bench sources only, not shipped). */
public final class ResizeProbe {
    private ResizeProbe() {
    }

    /** {@code image} in the core's working layout, exactly halved (a stand-in for the 2x subsampled decode). */
    public static BufferedImage halved(BufferedImage image) {
        BufferedImage working = Pixels.working(image);
        int w = working.getWidth() / 2;
        int h = working.getHeight() / 2;
        return Pixels.wrap(BoxHalving.halve(Pixels.bytes(working), working.getWidth(), working.getHeight(),
                Pixels.channels(working)), w, h, Pixels.channels(working) == 4);
    }

    public static BufferedImage resize(BufferedImage image, int width, int height) {
        return new Resizer().resize(image, new Size(width, height));
    }
}

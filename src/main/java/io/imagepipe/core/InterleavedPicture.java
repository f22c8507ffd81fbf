package io.imagepipe.core;

import java.awt.image.BufferedImage;

/** A working-layout image ({@link Pixels}): every source format and every output format. */
record InterleavedPicture(BufferedImage image) implements Picture {
    @Override
    public int width() {
        return image.getWidth();
    }

    @Override
    public int height() {
        return image.getHeight();
    }

    @Override
    public boolean transparent() {
        return image.getColorModel().hasAlpha();
    }

    @Override
    public Picture resized(Resizer resizer, Size target) {
        BufferedImage out = resizer.resize(image, target);
        return out == image ? this : new InterleavedPicture(out);
    }

    @Override
    public Picture cropCentreAndResized(Resizer resizer, Size part, Size target) {
        return new InterleavedPicture(resizer.cropCentreAndResize(image, part, target));
    }

    @Override
    public Picture upright(int orientation) {
        BufferedImage out = Orientation.upright(image, orientation);
        return out == image ? this : new InterleavedPicture(out);
    }

    @Override
    public byte[] encode(ImageEncoder encoder, ImageFormat format, int quality) {
        return encoder.encode(image, format, quality);
    }
}

package io.imagepipe.core;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.awt.image.DataBufferInt;

/** Conversions between the pixel layouts ImageIO hands out and the two the core works in. */
final class Pixels {
    private Pixels() {
    }

    /**
     * TYPE_INT_ARGB when the image can be transparent, TYPE_INT_RGB otherwise, in one compact
     * array; the image itself when it already is.
     */
    static BufferedImage compactIntImage(BufferedImage image) {
        int type = image.getColorModel().hasAlpha() ? BufferedImage.TYPE_INT_ARGB : BufferedImage.TYPE_INT_RGB;
        if (image.getType() == type && isCompact(image)) {
            return image;
        }
        BufferedImage out = new BufferedImage(image.getWidth(), image.getHeight(), type);
        Graphics2D g = out.createGraphics();
        try {
            g.drawImage(image, 0, 0, null);
        } finally {
            g.dispose();
        }
        return out;
    }

    /** JPEG has no alpha: composite onto white rather than let the encoder drop alpha to black. */
    static BufferedImage flattenOntoWhite(BufferedImage image) {
        if (!image.getColorModel().hasAlpha()) {
            return image;
        }
        BufferedImage out = new BufferedImage(image.getWidth(), image.getHeight(), BufferedImage.TYPE_INT_RGB);
        Graphics2D g = out.createGraphics();
        try {
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, out.getWidth(), out.getHeight());
            g.drawImage(image, 0, 0, null);
        } finally {
            g.dispose();
        }
        return out;
    }

    private static boolean isCompact(BufferedImage image) {
        if (!(image.getRaster().getDataBuffer() instanceof DataBufferInt buffer)) {
            return false;
        }
        return buffer.getNumBanks() == 1 && buffer.getOffset() == 0
                && image.getRaster().getSampleModelTranslateX() == 0
                && image.getRaster().getSampleModelTranslateY() == 0
                && buffer.getSize() == image.getWidth() * image.getHeight();
    }
}

package io.imagepipe.core;

import java.awt.AlphaComposite;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.color.ColorSpace;
import java.awt.image.BufferedImage;
import java.awt.image.ColorModel;
import java.awt.image.ComponentColorModel;
import java.awt.image.DataBufferInt;
import java.awt.image.Raster;

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
        if (isCustomGrey(image)) {
            copyGrey(image, out);
            return out;
        }
        Graphics2D g = out.createGraphics();
        try {
            // Src: copy colour and alpha as they are; the default SrcOver would blend onto the empty
            // canvas through premultiplied values and lose colour precision in translucent pixels.
            g.setComposite(AlphaComposite.Src);
            g.drawImage(image, 0, 0, null);
        } finally {
            g.dispose();
        }
        return out;
    }

    /**
     * Grey layouts other than TYPE_BYTE_GRAY/TYPE_USHORT_GRAY (PNG grey+alpha, 16-bit grey with tRNS):
     * Java2D converts their CS_GRAY samples as linear light, brightening grey 64 to 137. PNG grey is
     * stored in the same tone curve as RGB, so the samples are copied, scaled to 8 bits.
     */
    private static boolean isCustomGrey(BufferedImage image) {
        ColorModel cm = image.getColorModel();
        return image.getType() == BufferedImage.TYPE_CUSTOM && cm instanceof ComponentColorModel
                && cm.getColorSpace().getType() == ColorSpace.TYPE_GRAY && cm.getNumColorComponents() == 1
                && !cm.isAlphaPremultiplied();
    }

    private static void copyGrey(BufferedImage image, BufferedImage out) {
        ColorModel cm = image.getColorModel();
        Raster raster = image.getRaster();
        int w = image.getWidth();
        int bands = raster.getNumBands();
        boolean alpha = cm.hasAlpha();
        int greyMax = (1 << cm.getComponentSize(0)) - 1;
        int alphaMax = alpha ? (1 << cm.getComponentSize(1)) - 1 : 1;
        int[] row = new int[w * bands];
        int[] dst = ((DataBufferInt) out.getRaster().getDataBuffer()).getData();
        for (int y = 0; y < image.getHeight(); y++) {
            raster.getPixels(0, y, w, 1, row);
            for (int x = 0; x < w; x++) {
                int grey = (row[x * bands] * 255 + greyMax / 2) / greyMax;
                int a = alpha ? (row[x * bands + 1] * 255 + alphaMax / 2) / alphaMax : 255;
                dst[y * w + x] = a << 24 | grey * 0x010101;
            }
        }
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

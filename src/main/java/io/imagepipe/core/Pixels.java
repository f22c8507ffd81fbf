package io.imagepipe.core;

import java.awt.AlphaComposite;
import java.awt.Graphics2D;
import java.awt.Transparency;
import java.awt.color.ColorSpace;
import java.awt.image.BufferedImage;
import java.awt.image.ColorModel;
import java.awt.image.ComponentColorModel;
import java.awt.image.ComponentSampleModel;
import java.awt.image.DataBuffer;
import java.awt.image.DataBufferByte;
import java.awt.image.Raster;
import java.awt.image.WritableRaster;

/**
 * The two pixel layouts the core works in, and the conversions into and out of them.
 *
 * <p>Opaque pictures are TYPE_3BYTE_BGR and transparent ones TYPE_4BYTE_ABGR (straight, not
 * premultiplied alpha), each in one compact byte array: {@code width * channels} bytes per row,
 * no padding, no offset. That is the layout ImageIO's JPEG reader decodes into and its writer
 * encodes from fastest, and the one {@link Resizer} and {@link Orientation} read directly.
 */
final class Pixels {
    private Pixels() {
    }

    /** The working layout for {@code image}: the image itself when it already is one, else a converted copy. */
    static BufferedImage working(BufferedImage image) {
        int type = image.getColorModel().hasAlpha() ? BufferedImage.TYPE_4BYTE_ABGR : BufferedImage.TYPE_3BYTE_BGR;
        if (image.getType() == type && isCompact(image)) {
            return image;
        }
        // Grey, palette, 16-bit and other layouts: rare and mostly small, so Java2D's general conversion serves.
        BufferedImage out = new BufferedImage(image.getWidth(), image.getHeight(), type);
        if (isCustomComponent(image)) {
            copyComponents(image, out);
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
     * Component layouts Java2D has no fast loop for (PNG grey+alpha, 16-bit grey with tRNS, 16-bit
     * RGBA): it converts CS_GRAY samples as linear light (grey 64 came out 137) and blends RGBA
     * through premultiplied 8-bit values (colours moved by up to 8 levels). PNG samples are stored in
     * the same tone curve as sRGB output, so they are copied across, scaled to 8 bits.
     */
    private static boolean isCustomComponent(BufferedImage image) {
        ColorModel cm = image.getColorModel();
        if (image.getType() != BufferedImage.TYPE_CUSTOM || !(cm instanceof ComponentColorModel)
                || cm.isAlphaPremultiplied()) {
            return false;
        }
        ColorSpace cs = cm.getColorSpace();
        return cs.getType() == ColorSpace.TYPE_GRAY && cm.getNumColorComponents() == 1 || cs.isCS_sRGB();
    }

    private static void copyComponents(BufferedImage image, BufferedImage out) {
        ColorModel cm = image.getColorModel();
        Raster raster = image.getRaster();
        int w = image.getWidth();
        int bands = raster.getNumBands();
        int colours = cm.getNumColorComponents();
        boolean alpha = cm.hasAlpha();
        int colourMax = (1 << cm.getComponentSize(0)) - 1;
        int alphaMax = alpha ? (1 << cm.getComponentSize(colours)) - 1 : 1;
        int[] row = new int[w * bands];
        byte[] dst = bytes(out);
        int n = channels(out);
        for (int y = 0; y < image.getHeight(); y++) {
            raster.getPixels(0, y, w, 1, row);
            for (int x = 0; x < w; x++) {
                int s = x * bands;
                int d = (y * w + x) * n;
                if (n == 4) {
                    dst[d++] = (byte) (alpha ? scale(row[s + colours], alphaMax) : 255);
                }
                // Working layout is B, G, R; grey repeats its one sample.
                dst[d] = (byte) scale(row[s + (colours == 3 ? 2 : 0)], colourMax);
                dst[d + 1] = (byte) scale(row[s + (colours == 3 ? 1 : 0)], colourMax);
                dst[d + 2] = (byte) scale(row[s], colourMax);
            }
        }
    }

    private static int scale(int sample, int max) {
        return (sample * 255 + max / 2) / max;
    }

    /** Bytes per pixel of a working-layout image: 3 (B, G, R) or 4 (A, B, G, R). */
    static int channels(BufferedImage image) {
        return image.getColorModel().hasAlpha() ? 4 : 3;
    }

    /** The pixel array of a working-layout image (shared, not copied). */
    static byte[] bytes(BufferedImage image) {
        return ((DataBufferByte) image.getRaster().getDataBuffer()).getData();
    }

    /** A new, compact working-layout image of this size, with or without alpha. */
    static BufferedImage create(int width, int height, boolean alpha) {
        return new BufferedImage(width, height, alpha ? BufferedImage.TYPE_4BYTE_ABGR : BufferedImage.TYPE_3BYTE_BGR);
    }

    /** A working-layout image over {@code pixels} (not copied), which must hold {@code width * height * channels} bytes. */
    static BufferedImage wrap(byte[] pixels, int width, int height, boolean alpha) {
        int channels = alpha ? 4 : 3;
        if (pixels.length != width * height * channels) {
            throw new IllegalArgumentException(pixels.length + " bytes cannot be a " + width + "x" + height + " picture");
        }
        int[] bandOffsets = alpha ? new int[] {3, 2, 1, 0} : new int[] {2, 1, 0};
        WritableRaster raster = Raster.createInterleavedRaster(new DataBufferByte(pixels, pixels.length),
                width, height, width * channels, channels, bandOffsets, null);
        ColorModel model = new ComponentColorModel(ColorSpace.getInstance(ColorSpace.CS_sRGB), alpha, false,
                alpha ? Transparency.TRANSLUCENT : Transparency.OPAQUE, DataBuffer.TYPE_BYTE);
        return new BufferedImage(model, raster, false, null);
    }

    /** A compact copy of the rectangle at ({@code x}, {@code y}) of a working-layout image. */
    static BufferedImage crop(BufferedImage image, int x, int y, int width, int height) {
        int n = channels(image);
        BufferedImage out = create(width, height, n == 4);
        byte[] src = bytes(image);
        byte[] dst = bytes(out);
        int srcStride = image.getWidth() * n;
        int rowBytes = width * n;
        for (int row = 0; row < height; row++) {
            System.arraycopy(src, (y + row) * srcStride + x * n, dst, row * rowBytes, rowBytes);
        }
        return out;
    }

    /**
     * JPEG has no alpha: composites a TYPE_4BYTE_ABGR image onto white (rounded to the nearest
     * level) rather than let the encoder drop alpha to black. An opaque image is returned as it is.
     */
    static BufferedImage flattenOntoWhite(BufferedImage image) {
        if (channels(image) == 3) {
            return image;
        }
        BufferedImage out = create(image.getWidth(), image.getHeight(), false);
        byte[] src = bytes(image);
        byte[] dst = bytes(out);
        for (int s = 0, d = 0; s < src.length; s += 4, d += 3) {
            int a = src[s] & 0xff;
            int white = 255 * (255 - a);
            dst[d] = (byte) div255((src[s + 1] & 0xff) * a + white);
            dst[d + 1] = (byte) div255((src[s + 2] & 0xff) * a + white);
            dst[d + 2] = (byte) div255((src[s + 3] & 0xff) * a + white);
        }
        return out;
    }

    /** Multiplies colour by alpha in place (A, B, G, R bytes), so that filtering does not bleed hidden colours. */
    static void premultiply(byte[] abgr) {
        for (int i = 0; i < abgr.length; i += 4) {
            int a = abgr[i] & 0xff;
            if (a != 255) {
                abgr[i + 1] = (byte) div255((abgr[i + 1] & 0xff) * a);
                abgr[i + 2] = (byte) div255((abgr[i + 2] & 0xff) * a);
                abgr[i + 3] = (byte) div255((abgr[i + 3] & 0xff) * a);
            }
        }
    }

    /** The inverse of {@link #premultiply}, in place; fully transparent pixels become transparent black. */
    static void unpremultiply(byte[] abgr) {
        for (int i = 0; i < abgr.length; i += 4) {
            int a = abgr[i] & 0xff;
            if (a != 255 && a != 0) {
                int half = a / 2;
                abgr[i + 1] = (byte) Math.min(255, ((abgr[i + 1] & 0xff) * 255 + half) / a);
                abgr[i + 2] = (byte) Math.min(255, ((abgr[i + 2] & 0xff) * 255 + half) / a);
                abgr[i + 3] = (byte) Math.min(255, ((abgr[i + 3] & 0xff) * 255 + half) / a);
            }
        }
    }

    /** {@code v / 255} rounded to nearest, exact for 0 <= v <= 255 * 255. */
    private static int div255(int v) {
        v += 128;
        return (v + (v >> 8)) >> 8;
    }

    private static boolean isCompact(BufferedImage image) {
        Raster raster = image.getRaster();
        if (!(raster.getDataBuffer() instanceof DataBufferByte buffer)
                || !(raster.getSampleModel() instanceof ComponentSampleModel model)) {
            return false;
        }
        int n = raster.getNumBands();
        return buffer.getNumBanks() == 1 && buffer.getOffset() == 0
                && raster.getSampleModelTranslateX() == 0 && raster.getSampleModelTranslateY() == 0
                && model.getPixelStride() == n && model.getScanlineStride() == image.getWidth() * n
                && buffer.getSize() == image.getWidth() * image.getHeight() * n;
    }
}

package io.imagepipe.core;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Iterator;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageTypeSpecifier;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.metadata.IIOMetadata;
import javax.imageio.metadata.IIOMetadataNode;
import javax.imageio.stream.ImageOutputStream;

/**
 * Builds the test pictures: a layout that shows any turn, flip, crop or colour error (four differently
 * coloured quadrants, colour bands), written in each input format ImageIO can write, and the helpers
 * that look at the colours of a result. What ImageIO cannot write is assembled by hand elsewhere:
 * {@link JpegSegments} (EXIF, comment, ICC and Adobe segments; CMYK JPEGs), {@link PngFiles} (PNG chunks)
 * and {@link LosslessWebp}.
 */
final class TestImages {
    /** Quadrant colours: every one of the eight EXIF orientations moves at least two of them. */
    static final int TOP_LEFT = 0xFF0000;
    static final int TOP_RIGHT = 0x00FF00;
    static final int BOTTOM_LEFT = 0x0000FF;
    static final int BOTTOM_RIGHT = 0xFFFF00;

    private TestImages() {
    }

    // ---------------------------------------------------------------- pictures

    static BufferedImage quadrants(int width, int height) {
        return quadrants(width, height, BufferedImage.TYPE_INT_RGB);
    }

    static BufferedImage quadrants(int width, int height, int type) {
        BufferedImage image = new BufferedImage(width, height, type);
        Graphics2D g = image.createGraphics();
        try {
            fill(g, TOP_LEFT, 0, 0, width / 2, height / 2);
            fill(g, TOP_RIGHT, width / 2, 0, width - width / 2, height / 2);
            fill(g, BOTTOM_LEFT, 0, height / 2, width / 2, height - height / 2);
            fill(g, BOTTOM_RIGHT, width / 2, height / 2, width - width / 2, height - height / 2);
        } finally {
            g.dispose();
        }
        return image;
    }

    /** Equal bands of the given colours, left to right ({@code vertical}) or top to bottom. */
    static BufferedImage bands(int width, int height, boolean vertical, int... colours) {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        try {
            int n = colours.length;
            for (int i = 0; i < n; i++) {
                if (vertical) {
                    int x0 = width * i / n;
                    fill(g, colours[i], x0, 0, width * (i + 1) / n - x0, height);
                } else {
                    int y0 = height * i / n;
                    fill(g, colours[i], 0, y0, width, height * (i + 1) / n - y0);
                }
            }
        } finally {
            g.dispose();
        }
        return image;
    }

    static BufferedImage solid(int width, int height, int rgb) {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        try {
            fill(g, rgb, 0, 0, width, height);
        } finally {
            g.dispose();
        }
        return image;
    }

    private static void fill(Graphics2D g, int rgb, int x, int y, int w, int h) {
        g.setColor(new Color(rgb));
        g.fillRect(x, y, w, h);
    }

    /**
     * The pixels a camera stores for {@code upright} when it tags them with EXIF orientation N. Written
     * from the tag's definition (where the stored 0th row and 0th column belong in the displayed
     * picture), not from the code under test.
     */
    static BufferedImage storedForOrientation(BufferedImage upright, int orientation) {
        int w = upright.getWidth();
        int h = upright.getHeight();
        boolean transposed = orientation >= 5;
        BufferedImage stored = new BufferedImage(transposed ? h : w, transposed ? w : h, upright.getType());
        for (int sy = 0; sy < stored.getHeight(); sy++) {
            for (int sx = 0; sx < stored.getWidth(); sx++) {
                int ux;
                int uy;
                switch (orientation) {
                    case 1 -> { ux = sx; uy = sy; }                  // row 0 top, column 0 left
                    case 2 -> { ux = w - 1 - sx; uy = sy; }          // row 0 top, column 0 right
                    case 3 -> { ux = w - 1 - sx; uy = h - 1 - sy; }  // row 0 bottom, column 0 right
                    case 4 -> { ux = sx; uy = h - 1 - sy; }          // row 0 bottom, column 0 left
                    case 5 -> { ux = sy; uy = sx; }                  // row 0 left, column 0 top
                    case 6 -> { ux = w - 1 - sy; uy = sx; }          // row 0 right, column 0 top
                    case 7 -> { ux = w - 1 - sy; uy = h - 1 - sx; }  // row 0 right, column 0 bottom
                    case 8 -> { ux = sy; uy = h - 1 - sx; }          // row 0 left, column 0 bottom
                    default -> throw new IllegalArgumentException("orientation " + orientation);
                }
                stored.setRGB(sx, sy, upright.getRGB(ux, uy));
            }
        }
        return stored;
    }

    // ---------------------------------------------------------------- writing with ImageIO

    static byte[] jpeg(BufferedImage image) {
        return jpeg(image, 0.95f, false);
    }

    static byte[] progressiveJpeg(BufferedImage image) {
        return jpeg(image, 0.95f, true);
    }

    static byte[] jpeg(BufferedImage image, float quality, boolean progressive) {
        ImageWriter writer = jdkJpegWriter();
        ImageWriteParam param = writer.getDefaultWriteParam();
        param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
        param.setCompressionQuality(quality);
        if (progressive) {
            param.setProgressiveMode(ImageWriteParam.MODE_DEFAULT);
        }
        return write(writer, new IIOImage(image, null, null), param);
    }

    static byte[] png(BufferedImage image) {
        return imageIo(image, "png");
    }

    static byte[] interlacedPng(BufferedImage image) {
        ImageWriter writer = ImageIO.getImageWritersByFormatName("png").next();
        ImageWriteParam param = writer.getDefaultWriteParam();
        param.setProgressiveMode(ImageWriteParam.MODE_DEFAULT);
        return write(writer, new IIOImage(image, null, null), param);
    }

    /** Writes with the first ImageIO writer for {@code format} ("png", "gif", "bmp", "tiff"). */
    static byte[] imageIo(BufferedImage image, String format) {
        Iterator<ImageWriter> writers = ImageIO.getImageWritersByFormatName(format);
        if (!writers.hasNext()) {
            throw new IllegalStateException("no ImageIO writer for " + format);
        }
        ImageWriter writer = writers.next();
        return write(writer, new IIOImage(image, null, null), writer.getDefaultWriteParam());
    }

    /** An animated GIF: one frame per image, each shown for a second. */
    static byte[] animatedGif(BufferedImage... frames) {
        ImageWriter writer = ImageIO.getImageWritersByFormatName("gif").next();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ImageOutputStream out = ImageIO.createImageOutputStream(bytes)) {
            writer.setOutput(out);
            writer.prepareWriteSequence(null);
            for (BufferedImage frame : frames) {
                ImageWriteParam param = writer.getDefaultWriteParam();
                IIOMetadata metadata = writer.getDefaultImageMetadata(ImageTypeSpecifier.createFromRenderedImage(frame), param);
                String format = metadata.getNativeMetadataFormatName();
                IIOMetadataNode root = (IIOMetadataNode) metadata.getAsTree(format);
                IIOMetadataNode gce = new IIOMetadataNode("GraphicControlExtension");
                gce.setAttribute("disposalMethod", "none");
                gce.setAttribute("userInputFlag", "FALSE");
                gce.setAttribute("transparentColorFlag", "FALSE");
                gce.setAttribute("delayTime", "100");
                gce.setAttribute("transparentColorIndex", "0");
                root.appendChild(gce);
                metadata.setFromTree(format, root);
                writer.writeToSequence(new IIOImage(frame, null, metadata), param);
            }
            writer.endWriteSequence();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            writer.dispose();
        }
        return bytes.toByteArray();
    }

    /** The JDK's own JPEG writer (a com.sun.* class) when there is one, else the first registered. */
    static ImageWriter jdkJpegWriter() {
        ImageWriter first = null;
        for (Iterator<ImageWriter> it = ImageIO.getImageWritersByFormatName("jpeg"); it.hasNext(); ) {
            ImageWriter w = it.next();
            if (w.getClass().getName().startsWith("com.sun.")) {
                return w;
            }
            first = first == null ? w : first;
        }
        if (first == null) {
            throw new IllegalStateException("no JPEG writer");
        }
        return first;
    }

    /** Writes {@code image} with {@code writer} and {@code param}, then disposes of the writer. */
    static byte[] write(ImageWriter writer, IIOImage image, ImageWriteParam param) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ImageOutputStream out = ImageIO.createImageOutputStream(bytes)) {
            writer.setOutput(out);
            writer.write(null, image, param);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            writer.dispose();
        }
        return bytes.toByteArray();
    }

    static BufferedImage read(byte[] bytes) {
        try {
            BufferedImage image = ImageIO.read(new ByteArrayInputStream(bytes));
            if (image == null) {
                throw new IllegalStateException("ImageIO cannot read these " + bytes.length + " bytes");
            }
            return image.getType() == BufferedImage.TYPE_BYTE_GRAY ? greyAsRgb(image) : image;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * A greyscale JPEG's samples as RGB, each repeated: getRGB on TYPE_BYTE_GRAY treats the samples
     * as linear light (grey 64 reads 137), while a JPEG's grey is in the same tone curve as sRGB.
     */
    private static BufferedImage greyAsRgb(BufferedImage grey) {
        BufferedImage rgb = new BufferedImage(grey.getWidth(), grey.getHeight(), BufferedImage.TYPE_INT_RGB);
        java.awt.image.Raster raster = grey.getRaster();
        for (int y = 0; y < grey.getHeight(); y++) {
            for (int x = 0; x < grey.getWidth(); x++) {
                int v = raster.getSample(x, y, 0);
                rgb.setRGB(x, y, v << 16 | v << 8 | v);
            }
        }
        return rgb;
    }

    // ---------------------------------------------------------------- looking at results

    /** The mean colour (0xRRGGBB) of a w x h box centred on (cx, cy), clipped to the image. */
    static int meanRgb(BufferedImage image, int cx, int cy, int radius) {
        long r = 0;
        long g = 0;
        long b = 0;
        int n = 0;
        for (int y = Math.max(0, cy - radius); y <= Math.min(image.getHeight() - 1, cy + radius); y++) {
            for (int x = Math.max(0, cx - radius); x <= Math.min(image.getWidth() - 1, cx + radius); x++) {
                int p = image.getRGB(x, y);
                r += (p >> 16) & 0xFF;
                g += (p >> 8) & 0xFF;
                b += p & 0xFF;
                n++;
            }
        }
        return (int) (r / n) << 16 | (int) (g / n) << 8 | (int) (b / n);
    }

    /** The largest difference of one channel between two 0xRRGGBB colours. */
    static int distance(int rgb1, int rgb2) {
        int d = 0;
        for (int shift = 0; shift <= 16; shift += 8) {
            d = Math.max(d, Math.abs(((rgb1 >> shift) & 0xFF) - ((rgb2 >> shift) & 0xFF)));
        }
        return d;
    }

    /** Fails with both colours in hex when one channel differs by more than {@code tolerance}. */
    static void assertColour(int actual, int expected, int tolerance, String what) {
        org.assertj.core.api.Assertions.assertThat(distance(actual, expected))
                .as("%s: got %s, expected %s (tolerance %d per channel)", what, hex(actual), hex(expected), tolerance)
                .isLessThanOrEqualTo(tolerance);
    }

    static String hex(int rgb) {
        return String.format("#%06X", rgb & 0xFFFFFF);
    }

    /** Colours at the centres of the four quadrants: top-left, top-right, bottom-left, bottom-right. */
    static int[] quadrantColours(BufferedImage image) {
        int w = image.getWidth();
        int h = image.getHeight();
        int r = Math.max(0, Math.min(w, h) / 8);
        return new int[] {meanRgb(image, w / 4, h / 4, r), meanRgb(image, 3 * w / 4, h / 4, r),
                meanRgb(image, w / 4, 3 * h / 4, r), meanRgb(image, 3 * w / 4, 3 * h / 4, r)};
    }
}

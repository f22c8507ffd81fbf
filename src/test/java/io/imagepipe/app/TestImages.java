package io.imagepipe.app;

import java.awt.Color;
import java.awt.GradientPaint;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Random;
import javax.imageio.ImageIO;

/** Images the service tests upload, made on the spot. */
final class TestImages {
    private TestImages() {
    }

    static byte[] jpeg(int width, int height) {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setPaint(new GradientPaint(0, 0, Color.ORANGE, width, height, Color.BLUE));
        g.fillRect(0, 0, width, height);
        g.setColor(Color.WHITE);
        g.fillOval(width / 4, height / 4, width / 2, height / 2);
        g.dispose();
        return encode(image, "jpeg");
    }

    /** A photo-like scene (sky, sun, hills, water with ripples): what a person would upload. */
    static byte[] landscape(int width, int height, long seed) {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setRenderingHint(java.awt.RenderingHints.KEY_ANTIALIASING, java.awt.RenderingHints.VALUE_ANTIALIAS_ON);
        int horizon = height * 62 / 100;
        g.setPaint(new GradientPaint(0, 0, new Color(0x2b3a67), 0, horizon, new Color(0xf4a259)));
        g.fillRect(0, 0, width, horizon);
        g.setColor(new Color(0xffe3a3));
        int sun = height / 7;
        g.fillOval(width * 62 / 100, horizon - sun * 2, sun * 2, sun * 2);
        Random random = new Random(seed);
        Color[] ranges = {new Color(0x5b5f97), new Color(0x3d405b), new Color(0x2a2d43)};
        for (int layer = 0; layer < ranges.length; layer++) {
            java.awt.Polygon hills = new java.awt.Polygon();
            hills.addPoint(0, horizon);
            int base = horizon - height * (18 - layer * 6) / 100;
            for (int x = 0; x <= width; x += Math.max(1, width / 24)) {
                hills.addPoint(x, base + random.nextInt(Math.max(1, height / 10)));
            }
            hills.addPoint(width, horizon);
            g.setColor(ranges[layer]);
            g.fillPolygon(hills);
        }
        g.setPaint(new GradientPaint(0, horizon, new Color(0xc9845a), 0, height, new Color(0x1d2b4f)));
        g.fillRect(0, horizon, width, height - horizon);
        g.setColor(new Color(255, 227, 163, 90));
        for (int i = 0; i < width / 6; i++) {
            int y = horizon + random.nextInt(height - horizon);
            int len = width / 40 + random.nextInt(width / 12);
            int x = width * 62 / 100 + sun - len / 2 + (int) (random.nextGaussian() * width / 14);
            g.fillRect(x, y, len, Math.max(1, height / 400));
        }
        g.dispose();
        return encode(image, "jpeg");
    }

    static byte[] png(int width, int height) {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_ARGB);
        Graphics2D g = image.createGraphics();
        g.setPaint(new GradientPaint(0, 0, Color.GREEN, width, height, new Color(0, 0, 255, 128)));
        g.fillRect(0, 0, width, height);
        g.dispose();
        return encode(image, "png");
    }

    /** A JPEG cut short: the decoder refuses it as corrupt. */
    static byte[] truncatedJpeg(int width, int height) {
        byte[] good = jpeg(width, height);
        return java.util.Arrays.copyOf(good, good.length / 2);
    }

    /** Random noise barely compresses: a PNG big enough for a multipart upload. */
    static byte[] noisePng(int width, int height, long seed) {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Random random = new Random(seed);
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                image.setRGB(x, y, random.nextInt(0x1000000));
            }
        }
        return encode(image, "png");
    }

    private static byte[] encode(BufferedImage image, String format) {
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ImageIO.write(image, format, out);
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

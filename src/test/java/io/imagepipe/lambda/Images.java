package io.imagepipe.lambda;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Arrays;
import javax.imageio.ImageIO;

/** Test images made here: gradients, so renditions have real content to compare. */
final class Images {
    private Images() {
    }

    static byte[] jpeg(int width, int height) {
        return encode(gradient(width, height), "jpeg");
    }

    static byte[] png(int width, int height) {
        return encode(gradient(width, height), "png");
    }

    /** The first half of a JPEG: a header that promises more than the file holds. */
    static byte[] truncatedJpeg() {
        byte[] whole = jpeg(900, 700);
        return Arrays.copyOf(whole, whole.length / 2);
    }

    private static BufferedImage gradient(int width, int height) {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                image.setRGB(x, y, ((x * 255 / width) << 16) | ((y * 255 / height) << 8) | ((x ^ y) & 0xFF));
            }
        }
        return image;
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

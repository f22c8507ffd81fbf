package io.imagepipe.core;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Iterator;
import java.util.Optional;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.MemoryCacheImageOutputStream;

/**
 * Writes renditions. No metadata from the source is carried over (EXIF, GPS and comments are
 * stripped by construction), and the same pixels always give the same bytes. JPEG goes through
 * libjpeg-turbo when it is there (4:2:0, baseline, standard Huffman tables, as ImageIO writes it;
 * measured 2-3x faster), else through ImageIO.
 */
final class ImageEncoder {
    private final Optional<TurboJpeg> turboJpeg;

    ImageEncoder(JpegCodec codec) {
        this.turboJpeg = codec.turboJpeg();
    }

    /** The planar path's pictures, which exist only when libjpeg-turbo does and only for JPEG output. */
    byte[] encode(PlanarPicture picture, ImageFormat format, int quality) {
        if (format != ImageFormat.JPEG || turboJpeg.isEmpty()) {
            throw new IllegalStateException("planar pictures are encoded as JPEG by libjpeg-turbo only, not as "
                    + format.id() + (turboJpeg.isEmpty() ? " without it" : ""));
        }
        try {
            return turboJpeg.get().encode(picture, quality);
        } catch (TurboJpegException e) {
            throw new IllegalStateException("libjpeg-turbo could not encode a " + picture.width() + "x"
                    + picture.height() + " planar picture: " + e.getMessage(), e);
        }
    }

    byte[] encode(BufferedImage image, ImageFormat format, int quality) {
        if (format == ImageFormat.JPEG && turboJpeg.isPresent()) {
            try {
                return turboJpeg.get().encode(Pixels.flattenOntoWhite(image), quality);
            } catch (TurboJpegException e) {
                throw new IllegalStateException("libjpeg-turbo could not encode a " + image.getWidth() + "x"
                        + image.getHeight() + " picture: " + e.getMessage(), e);
            }
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(Math.max(1024, image.getWidth() * image.getHeight() / 4));
        ImageWriter writer = writerFor(format);
        try (MemoryCacheImageOutputStream out = new MemoryCacheImageOutputStream(bytes)) {
            writer.setOutput(out);
            ImageWriteParam param = writer.getDefaultWriteParam();
            BufferedImage pixels = image;
            if (format == ImageFormat.JPEG) {
                pixels = Pixels.flattenOntoWhite(image);
                param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
                param.setCompressionQuality(quality / 100f);
            }
            writer.write(null, new IIOImage(pixels, null, null), param);
        } catch (IOException e) {
            throw new UncheckedIOException("encoding " + format.id() + " in memory failed", e);
        } finally {
            writer.dispose();
        }
        return bytes.toByteArray();
    }

    private static ImageWriter writerFor(ImageFormat format) {
        Iterator<ImageWriter> writers = ImageIO.getImageWritersByFormatName(format.id());
        if (!writers.hasNext()) {
            throw new IllegalStateException("no ImageIO writer for " + format.id());
        }
        return writers.next();
    }
}

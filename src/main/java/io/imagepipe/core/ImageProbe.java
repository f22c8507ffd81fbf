package io.imagepipe.core;

import com.drew.imaging.FileType;
import com.drew.imaging.ImageMetadataReader;
import com.drew.imaging.jpeg.JpegMetadataReader;
import com.drew.metadata.Metadata;
import com.drew.metadata.MetadataException;
import com.drew.metadata.exif.ExifDirectoryBase;
import com.drew.metadata.exif.ExifIFD0Directory;
import com.drew.metadata.exif.ExifReader;
import com.drew.metadata.icc.IccDirectory;
import com.drew.metadata.icc.IccReader;
import com.drew.metadata.jpeg.JpegDirectory;
import com.drew.metadata.jpeg.JpegReader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.List;
import javax.imageio.ImageReader;

/**
 * Reads format, dimensions, EXIF orientation, ICC and CMYK flags from the header alone: no pixel
 * is decoded, so a 100000x100000 PNG is measured from its 33-byte IHDR in well under a millisecond.
 */
public final class ImageProbe {
    private final FormatDetector detector = new FormatDetector();

    public SourceInfo probe(byte[] bytes) throws ImageException {
        ImageFormat format = detector.detect(bytes);
        if (format == ImageFormat.PNG) {
            PngChunks.verifyChecksums(bytes);
        }
        int width;
        int height;
        ImageReader reader = ImageReaders.forFormat(format);
        try {
            reader.setInput(ImageReaders.stream(bytes), true, true);
            width = reader.getWidth(0);
            height = reader.getHeight(0);
        } catch (IOException | RuntimeException e) {
            throw new CorruptImageException(format.id() + " header unreadable: " + describe(e), e);
        } finally {
            reader.dispose();
        }
        if (width <= 0 || height <= 0) {
            throw new CorruptImageException(format.id() + " header declares " + width + "x" + height + " pixels");
        }
        if (format == ImageFormat.PNG) {
            // metadata-extractor inflates every zTXt/iTXt/iCCP chunk it meets, unbounded: give it none.
            Metadata metadata = readMetadata(format, PngChunks.probeChunksOnly(bytes));
            return new SourceInfo(format, bytes.length, width, height, orientation(metadata),
                    PngChunks.hasIccProfile(bytes), false);
        }
        Metadata metadata = readMetadata(format, bytes);
        return new SourceInfo(format, bytes.length, width, height, orientation(metadata),
                metadata.containsDirectoryOfType(IccDirectory.class), fourComponents(metadata));
    }

    /** Metadata is advisory: a damaged EXIF block must not stop an otherwise decodable image. */
    private static Metadata readMetadata(ImageFormat format, byte[] bytes) {
        try {
            if (format == ImageFormat.JPEG) {
                // Only the segments we need; stops at the first scan, so cost is independent of image size.
                return JpegMetadataReader.readMetadata(new ByteArrayInputStream(bytes),
                        List.of(new JpegReader(), new ExifReader(), new IccReader()));
            }
            return ImageMetadataReader.readMetadata(new ByteArrayInputStream(bytes), bytes.length, fileType(format));
        } catch (Exception | StackOverflowError e) {
            return new Metadata();
        }
    }

    private static FileType fileType(ImageFormat format) {
        return switch (format) {
            case JPEG -> FileType.Jpeg;
            case PNG -> FileType.Png;
            case GIF -> FileType.Gif;
            case BMP -> FileType.Bmp;
            case WEBP -> FileType.WebP;
            case TIFF -> FileType.Tiff;
        };
    }

    private static int orientation(Metadata metadata) {
        for (ExifIFD0Directory dir : metadata.getDirectoriesOfType(ExifIFD0Directory.class)) {
            if (dir.containsTag(ExifDirectoryBase.TAG_ORIENTATION)) {
                try {
                    int value = dir.getInt(ExifDirectoryBase.TAG_ORIENTATION);
                    return value >= 1 && value <= 8 ? value : 1;
                } catch (MetadataException e) {
                    return 1;
                }
            }
        }
        return 1;
    }

    private static boolean fourComponents(Metadata metadata) {
        JpegDirectory jpeg = metadata.getFirstDirectoryOfType(JpegDirectory.class);
        if (jpeg == null) {
            return false;
        }
        Integer components = jpeg.getInteger(JpegDirectory.TAG_NUMBER_OF_COMPONENTS);
        return components != null && components == 4;
    }

    static String describe(Throwable e) {
        String message = e.getMessage();
        return message == null || message.isBlank() ? e.getClass().getSimpleName() : message;
    }
}

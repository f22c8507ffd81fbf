package io.imagepipe.core;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import javax.imageio.ImageReadParam;
import javax.imageio.ImageReader;
import javax.imageio.event.IIOReadWarningListener;

/**
 * Decodes a source once, optionally subsampled, into a working-layout image ({@link Pixels}:
 * TYPE_3BYTE_BGR, or TYPE_4BYTE_ABGR when it can be transparent) in sRGB and in stored orientation.
 * JPEG decodes into that layout directly, so the full-size picture is never copied. Truncated and damaged files fail here with a {@link CorruptImageException}
 * rather than yield a half-grey picture.
 */
final class ImageDecoder {
    private final PngColorProfile pngProfile = new PngColorProfile();

    BufferedImage decode(byte[] bytes, SourceInfo info, int subsampling) throws CorruptImageException {
        ImageReader reader = ImageReaders.forFormat(info.format());
        List<String> warnings = new ArrayList<>();
        try {
            boolean needMetadata = info.format() == ImageFormat.PNG && info.iccProfile();
            reader.setInput(ImageReaders.stream(bytes), true, !needMetadata);
            reader.addIIOReadWarningListener(new Collector(warnings));
            ImageReadParam param = reader.getDefaultReadParam();
            if (subsampling > 1) {
                param.setSourceSubsampling(subsampling, subsampling, 0, 0);
            }
            BufferedImage image = reader.read(0, param);
            failOnTruncation(info, warnings);
            BufferedImage working = Pixels.working(image);
            if (needMetadata) {
                pngProfile.convertToSrgb(working, reader.getImageMetadata(0));
            }
            return working;
        } catch (CorruptImageException e) {
            throw e;
        } catch (IOException | RuntimeException e) {
            throw new CorruptImageException(info.format().id() + " data cannot be decoded: "
                    + ImageProbe.describe(e), e);
        } finally {
            reader.dispose();
        }
    }

    private static void failOnTruncation(SourceInfo info, List<String> warnings) throws CorruptImageException {
        for (String warning : warnings) {
            String w = warning.toLowerCase(Locale.ROOT);
            if (w.contains("premature end") || w.contains("truncat") || w.contains("unexpected end")) {
                throw new CorruptImageException(info.format().id() + " is truncated: " + warning);
            }
        }
    }

    private record Collector(List<String> warnings) implements IIOReadWarningListener {
        @Override
        public void warningOccurred(ImageReader source, String warning) {
            warnings.add(warning);
        }
    }
}

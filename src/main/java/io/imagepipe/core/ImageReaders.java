package io.imagepipe.core;

import com.twelvemonkeys.imageio.stream.ByteArrayImageInputStream;
import java.util.Iterator;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;

/** Finds the ImageIO reader for a format (TwelveMonkeys' first where it registers one). */
final class ImageReaders {
    private ImageReaders() {
    }

    /** A fresh reader: ImageIO readers hold state and must not be shared between threads. */
    static ImageReader forFormat(ImageFormat format) {
        Iterator<ImageReader> readers = ImageIO.getImageReadersByFormatName(format.id());
        if (!readers.hasNext()) {
            throw new IllegalStateException("no ImageIO reader registered for " + format.id()
                    + "; is the TwelveMonkeys plugin on the classpath?");
        }
        return readers.next();
    }

    /** Reads straight from the array; no copy into an ImageIO cache. */
    static ImageInputStream stream(byte[] bytes) {
        return new ByteArrayImageInputStream(bytes);
    }
}

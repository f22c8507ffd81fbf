package io.imagepipe.core;

import com.sun.jna.Memory;
import com.sun.jna.NativeLong;
import com.sun.jna.Pointer;
import com.sun.jna.ptr.IntByReference;
import com.sun.jna.ptr.NativeLongByReference;
import com.sun.jna.ptr.PointerByReference;
import java.awt.image.BufferedImage;
import java.lang.ref.Cleaner;

/**
 * One thread's TurboJPEG handles and native buffers. Buffers grow to the largest image seen up to
 * {@link #KEEP_BYTES}; anything larger is allocated for the call and freed right after it, so an
 * idle worker holds at most a few times that in native memory. Passing Java arrays through JNA
 * instead would copy them in and back out on every call (about 60 ms per 20 MP picture).
 *
 * <p>A handle that reported any error is destroyed and made anew: after some fatal errors libjpeg-turbo
 * leaves it broken for every later call.
 */
final class TurboJpegSession {
    /** Native buffers up to this size stay allocated between images. */
    static final long KEEP_BYTES = 24L << 20;
    private static final Cleaner CLEANER = Cleaner.create();

    private final TurboJpegLibrary tj;
    private final Handles handles;
    private Memory source;
    private Memory pixels;
    private Memory jpeg;

    TurboJpegSession(TurboJpegLibrary tj) {
        this.tj = tj;
        this.handles = new Handles(tj);
        CLEANER.register(this, handles);
    }

    record Header(int width, int height, int subsampling, int colourspace) {
        boolean fourComponents() {
            return colourspace == TurboJpegLibrary.TJCS_CMYK || colourspace == TurboJpegLibrary.TJCS_YCCK;
        }
    }

    BufferedImage decode(byte[] bytes, int eighths) throws TurboJpegException {
        Memory in = source(bytes);
        Memory out = null;
        try {
            Pointer d = handles.decompressor();
            IntByReference w = new IntByReference();
            IntByReference h = new IntByReference();
            IntByReference sub = new IntByReference();
            IntByReference cs = new IntByReference();
            NativeLong size = new NativeLong(bytes.length);
            if (tj.tjDecompressHeader3(d, in, size, w, h, sub, cs) != 0) {
                throw handles.failDecompressor("JPEG header");
            }
            if (w.getValue() <= 0 || h.getValue() <= 0) {
                throw new TurboJpegException("JPEG header declares " + w.getValue() + "x" + h.getValue() + " pixels");
            }
            if (new Header(w.getValue(), h.getValue(), sub.getValue(), cs.getValue()).fourComponents()) {
                throw new TurboJpegException("CMYK and YCCK are not converted to RGB by TurboJPEG");
            }
            Size scaled = TurboJpeg.scaled(w.getValue(), h.getValue(), eighths);
            int length = Math.multiplyExact(Math.multiplyExact(scaled.width(), scaled.height()), 3);
            out = pixels(length);
            if (tj.tjDecompress2(d, in, size, out, scaled.width(), scaled.width() * 3, scaled.height(),
                    TurboJpegLibrary.TJPF_BGR, TurboJpegLibrary.TJFLAG_STOPONWARNING) != 0) {
                throw handles.failDecompressor("JPEG data");
            }
            BufferedImage image = new BufferedImage(scaled.width(), scaled.height(), BufferedImage.TYPE_3BYTE_BGR);
            out.read(0, Pixels.bytes(image), 0, length);
            return image;
        } finally {
            release(in, source);
            release(out, pixels);
        }
    }

    byte[] encode(BufferedImage bgr, int quality) throws TurboJpegException {
        int width = bgr.getWidth();
        int height = bgr.getHeight();
        byte[] src = Pixels.bytes(bgr);
        Memory in = pixels(src.length);
        Memory out = null;
        try {
            in.write(0, src, 0, src.length);
            long capacity = tj.tjBufSize(width, height, TurboJpegLibrary.TJSAMP_420).longValue();
            out = jpeg(capacity);
            PointerByReference outRef = new PointerByReference(out);
            NativeLongByReference outSize = new NativeLongByReference(new NativeLong(capacity));
            if (tj.tjCompress2(handles.compressor(), in, width, width * 3, height, TurboJpegLibrary.TJPF_BGR,
                    outRef, outSize, TurboJpegLibrary.TJSAMP_420, quality, TurboJpegLibrary.TJFLAG_NOREALLOC) != 0) {
                throw handles.failCompressor();
            }
            return out.getByteArray(0, (int) outSize.getValue().longValue());
        } finally {
            release(in, pixels);
            release(out, jpeg);
        }
    }

    private Memory source(byte[] bytes) {
        Memory m = bytes.length > KEEP_BYTES ? new Memory(bytes.length) : (source = grown(source, bytes.length));
        m.write(0, bytes, 0, bytes.length);
        return m;
    }

    private Memory pixels(long length) {
        return length > KEEP_BYTES ? new Memory(length) : (pixels = grown(pixels, length));
    }

    private Memory jpeg(long length) {
        return length > KEEP_BYTES ? new Memory(length) : (jpeg = grown(jpeg, length));
    }

    private static Memory grown(Memory current, long length) {
        if (current != null && current.size() >= length) {
            return current;
        }
        if (current != null) {
            current.close();
        }
        return new Memory(Math.max(length, 64 * 1024));
    }

    /** Frees a one-off buffer (one larger than {@link #KEEP_BYTES}); kept buffers stay. */
    private static void release(Memory used, Memory kept) {
        if (used != null && used != kept) {
            used.close();
        }
    }

    /** The handles, apart from the session so that the cleaner can destroy them once the thread is gone. */
    private static final class Handles implements Runnable {
        private final TurboJpegLibrary tj;
        private Pointer decompressor;
        private Pointer compressor;

        Handles(TurboJpegLibrary tj) {
            this.tj = tj;
        }

        Pointer decompressor() throws TurboJpegException {
            if (decompressor == null) {
                decompressor = tj.tjInitDecompress();
                if (decompressor == null) {
                    throw new TurboJpegException("tjInitDecompress failed");
                }
            }
            return decompressor;
        }

        Pointer compressor() throws TurboJpegException {
            if (compressor == null) {
                compressor = tj.tjInitCompress();
                if (compressor == null) {
                    throw new TurboJpegException("tjInitCompress failed");
                }
            }
            return compressor;
        }

        TurboJpegException failDecompressor(String what) {
            String message = tj.tjGetErrorStr2(decompressor);
            tj.tjDestroy(decompressor);
            decompressor = null;
            return new TurboJpegException(what + ": " + message);
        }

        TurboJpegException failCompressor() {
            String message = tj.tjGetErrorStr2(compressor);
            tj.tjDestroy(compressor);
            compressor = null;
            return new TurboJpegException("JPEG encode: " + message);
        }

        @Override
        public void run() {
            if (decompressor != null) {
                tj.tjDestroy(decompressor);
            }
            if (compressor != null) {
                tj.tjDestroy(compressor);
            }
        }
    }
}

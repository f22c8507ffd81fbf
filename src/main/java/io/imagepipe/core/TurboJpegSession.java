package io.imagepipe.core;

import com.sun.jna.Memory;
import com.sun.jna.NativeLong;
import com.sun.jna.Pointer;
import com.sun.jna.ptr.IntByReference;
import com.sun.jna.ptr.NativeLongByReference;
import com.sun.jna.ptr.PointerByReference;
import java.awt.image.BufferedImage;
import java.lang.ref.Cleaner;
import java.util.Optional;

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
            NativeLong size = new NativeLong(bytes.length);
            Header header = header(d, in, size);
            Size scaled = TurboJpeg.scaled(header.width(), header.height(), eighths);
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

    private Header header(Pointer d, Memory in, NativeLong size) throws TurboJpegException {
        IntByReference w = new IntByReference();
        IntByReference h = new IntByReference();
        IntByReference sub = new IntByReference();
        IntByReference cs = new IntByReference();
        if (tj.tjDecompressHeader3(d, in, size, w, h, sub, cs) != 0) {
            throw handles.failDecompressor("JPEG header");
        }
        if (w.getValue() <= 0 || h.getValue() <= 0) {
            throw new TurboJpegException("JPEG header declares " + w.getValue() + "x" + h.getValue() + " pixels");
        }
        Header header = new Header(w.getValue(), h.getValue(), sub.getValue(), cs.getValue());
        if (header.fourComponents()) {
            throw new TurboJpegException("CMYK and YCCK are not converted to RGB by TurboJPEG");
        }
        return header;
    }

    /**
     * Decodes at {@code eighths}/8 into Y, Cb and Cr planes (Y alone for greyscale); empty when the
     * file is not YCbCr or greyscale (an RGB JPEG) or its sampling has no TurboJPEG name.
     */
    Optional<PlanarPicture> decodePlanar(byte[] bytes, int eighths) throws TurboJpegException {
        Memory in = source(bytes);
        Memory out = null;
        try {
            Pointer d = handles.decompressor();
            NativeLong size = new NativeLong(bytes.length);
            Header header = header(d, in, size);
            int sub = header.subsampling();
            boolean grey = sub == TurboJpegLibrary.TJSAMP_GRAY;
            if (sub < 0 || sub > TurboJpegLibrary.TJSAMP_411
                    || header.colourspace() != (grey ? TurboJpegLibrary.TJCS_GRAY : TurboJpegLibrary.TJCS_YCbCr)) {
                return Optional.empty();
            }
            Size scaled = TurboJpeg.scaled(header.width(), header.height(), eighths);
            int yw = tj.tjPlaneWidth(0, scaled.width(), sub);
            int yh = tj.tjPlaneHeight(0, scaled.height(), sub);
            int cw = grey ? 0 : tj.tjPlaneWidth(1, scaled.width(), sub);
            int ch = grey ? 0 : tj.tjPlaneHeight(1, scaled.height(), sub);
            long lumaBytes = (long) yw * yh;
            long chromaBytes = (long) cw * ch;
            out = pixels(lumaBytes + 2 * chromaBytes);
            Pointer[] planes = grey ? new Pointer[] {out, null, null}
                    : new Pointer[] {out, out.share(lumaBytes), out.share(lumaBytes + chromaBytes)};
            if (tj.tjDecompressToYUVPlanes(d, in, size, planes, scaled.width(), new int[] {yw, cw, cw}, scaled.height(),
                    TurboJpegLibrary.TJFLAG_STOPONWARNING) != 0) {
                throw handles.failDecompressor("JPEG data");
            }
            // The luma plane is padded to whole chroma blocks: keep the picture's own columns and rows.
            byte[] y = new byte[Math.multiplyExact(scaled.width(), scaled.height())];
            if (yw == scaled.width()) {
                out.read(0, y, 0, y.length);
            } else {
                for (int row = 0; row < scaled.height(); row++) {
                    out.read((long) row * yw, y, row * scaled.width(), scaled.width());
                }
            }
            Plane luma = new Plane(y, scaled.width(), scaled.height());
            if (grey) {
                return Optional.of(PlanarPicture.grey(luma, 1));
            }
            byte[] cb = new byte[(int) chromaBytes];
            byte[] cr = new byte[(int) chromaBytes];
            out.read(lumaBytes, cb, 0, cb.length);
            out.read(lumaBytes + chromaBytes, cr, 0, cr.length);
            return Optional.of(PlanarPicture.decoded(luma, new Plane(cb, cw, ch), new Plane(cr, cw, ch), yw / cw, yh / ch));
        } finally {
            release(in, source);
            release(out, pixels);
        }
    }

    /** Encodes a greyscale or 4:2:0 planar picture as a baseline JPEG of the same sampling at {@code quality}. */
    byte[] encodePlanar(PlanarPicture picture, int quality) throws TurboJpegException {
        if (!picture.finished()) {
            throw new IllegalArgumentException("only greyscale and 4:2:0 planes are encoded, not "
                    + picture.chromaX() + "x" + picture.chromaY());
        }
        int width = picture.width();
        int height = picture.height();
        int sub = picture.grey() ? TurboJpegLibrary.TJSAMP_GRAY : TurboJpegLibrary.TJSAMP_420;
        int yw = tj.tjPlaneWidth(0, width, sub);
        int yh = tj.tjPlaneHeight(0, height, sub);
        long lumaBytes = (long) yw * yh;
        long chromaBytes = picture.grey() ? 0 : (long) picture.cb().samples().length;
        Memory in = pixels(lumaBytes + 2 * chromaBytes);
        Memory out = null;
        try {
            writeLumaPadded(in, picture.luma(), yw, yh);
            Pointer[] planes;
            int cw = 0;
            if (picture.grey()) {
                planes = new Pointer[] {in, null, null};
            } else {
                cw = picture.cb().width();
                in.write(lumaBytes, picture.cb().samples(), 0, (int) chromaBytes);
                in.write(lumaBytes + chromaBytes, picture.cr().samples(), 0, (int) chromaBytes);
                planes = new Pointer[] {in, in.share(lumaBytes), in.share(lumaBytes + chromaBytes)};
            }
            long capacity = tj.tjBufSize(width, height, sub).longValue();
            out = jpeg(capacity);
            PointerByReference outRef = new PointerByReference(out);
            NativeLongByReference outSize = new NativeLongByReference(new NativeLong(capacity));
            if (tj.tjCompressFromYUVPlanes(handles.compressor(), planes, width, new int[] {yw, cw, cw}, height, sub,
                    outRef, outSize, quality, TurboJpegLibrary.TJFLAG_NOREALLOC) != 0) {
                throw handles.failCompressor();
            }
            return out.getByteArray(0, (int) outSize.getValue().longValue());
        } finally {
            release(in, pixels);
            release(out, jpeg);
        }
    }

    /** The encoder reads luma padded to whole chroma blocks: the last column and row are repeated into the padding. */
    private static void writeLumaPadded(Memory in, Plane luma, int yw, int yh) {
        int w = luma.width();
        int h = luma.height();
        byte[] y = luma.samples();
        if (yw == w && yh == h) {
            in.write(0, y, 0, y.length);
            return;
        }
        byte[] row = new byte[yw];
        for (int r = 0; r < yh; r++) {
            int from = Math.min(r, h - 1) * w;
            System.arraycopy(y, from, row, 0, w);
            java.util.Arrays.fill(row, w, yw, y[from + w - 1]);
            in.write((long) r * yw, row, 0, yw);
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

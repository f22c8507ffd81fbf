package io.imagepipe.core;

import com.sun.jna.Native;
import com.sun.jna.Pointer;
import java.awt.image.BufferedImage;
import java.util.Optional;

/**
 * The system's libjpeg-turbo (Debian {@code libturbojpeg0}), when it can be loaded: JPEG decoding
 * with DCT-domain scaling (1/8 to 8/8, a real low-pass instead of skipping pixels, and at a
 * fraction of the cost for baseline files) and JPEG encoding. TurboJPEG handles are not
 * thread-safe, so each thread gets its own {@link TurboJpegSession} (handles and native buffers,
 * reused from one image to the next).
 */
final class TurboJpeg {
    private final TurboJpegLibrary library;
    private final ThreadLocal<TurboJpegSession> sessions;

    private TurboJpeg(TurboJpegLibrary library) {
        this.library = library;
        this.sessions = ThreadLocal.withInitial(() -> new TurboJpegSession(library));
    }

    /** The library if it loads and hands out a working handle; empty (with the reason) when it does not. */
    static Loaded load() {
        TurboJpegLibrary library;
        skipJnaLdconfig();
        try {
            // Pin the ABI: the 2.x API under its Debian soname; "turbojpeg" for other layouts.
            library = loadEither("libturbojpeg.so.0", "turbojpeg");
            Pointer handle = library.tjInitDecompress();
            if (handle == null) {
                return new Loaded(Optional.empty(), "tjInitDecompress returned no handle");
            }
            library.tjDestroy(handle);
            return new Loaded(Optional.of(new TurboJpeg(library)), "libturbojpeg loaded");
        } catch (LinkageError | RuntimeException e) {
            return new Loaded(Optional.empty(), "libturbojpeg not loadable: " + ImageProbe.describe(e));
        }
    }

    record Loaded(Optional<TurboJpeg> turboJpeg, String detail) {
    }

    /**
     * JNA's first use runs {@code /sbin/ldconfig -p} (a child process, about 30 ms of CPU, in every
     * command and every Lambda cold start) to learn the system's library folders, unless
     * {@code jna.platform.library.path} names them. The JVM's own {@code java.library.path} holds the
     * same folders; libturbojpeg is loaded by its soname, which the dynamic linker finds either way
     * (through its cache, or LD_LIBRARY_PATH such as Lambda's /opt/lib).
     */
    private static void skipJnaLdconfig() {
        if (System.getProperty("jna.platform.library.path") == null) {
            System.setProperty("jna.platform.library.path", System.getProperty("java.library.path", ""));
        }
    }

    private static TurboJpegLibrary loadEither(String first, String second) {
        try {
            return Native.load(first, TurboJpegLibrary.class);
        } catch (UnsatisfiedLinkError e) {
            return Native.load(second, TurboJpegLibrary.class);
        }
    }

    /** Decodes at {@code eighths}/8 of the stored size (1-8) into a new TYPE_3BYTE_BGR image. */
    BufferedImage decode(byte[] jpeg, int eighths) throws TurboJpegException {
        return sessions.get().decode(jpeg, eighths);
    }

    /** Decodes at {@code eighths}/8 into planes; empty for a JPEG that is neither YCbCr nor greyscale. */
    Optional<PlanarPicture> decodePlanar(byte[] jpeg, int eighths) throws TurboJpegException {
        return sessions.get().decodePlanar(jpeg, eighths);
    }

    /** Encodes a greyscale or 4:2:0 planar picture (no colour conversion), baseline, at {@code quality}. */
    byte[] encode(PlanarPicture picture, int quality) throws TurboJpegException {
        return sessions.get().encodePlanar(picture, quality);
    }

    /** Encodes an opaque working-layout (TYPE_3BYTE_BGR) image, 4:2:0, baseline, at {@code quality} (1-100). */
    byte[] encode(BufferedImage bgr, int quality) throws TurboJpegException {
        return sessions.get().encode(bgr, quality);
    }

    /** The size of a decode at {@code eighths}/8: libjpeg's TJSCALED, rounding up. */
    static Size scaled(int width, int height, int eighths) {
        return new Size((width * eighths + 7) / 8, (height * eighths + 7) / 8);
    }

    @Override
    public String toString() {
        return "TurboJpeg[" + library + "]";
    }
}

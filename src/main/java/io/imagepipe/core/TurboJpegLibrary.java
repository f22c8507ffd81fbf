package io.imagepipe.core;

import com.sun.jna.Library;
import com.sun.jna.NativeLong;
import com.sun.jna.Pointer;
import com.sun.jna.ptr.IntByReference;
import com.sun.jna.ptr.NativeLongByReference;
import com.sun.jna.ptr.PointerByReference;

/** The part of libjpeg-turbo's TurboJPEG 2.x C API (turbojpeg.h) the core calls, mapped through JNA. */
interface TurboJpegLibrary extends Library {
    int TJPF_BGR = 1;
    int TJSAMP_444 = 0;
    int TJSAMP_422 = 1;
    int TJSAMP_420 = 2;
    int TJSAMP_GRAY = 3;
    int TJSAMP_440 = 4;
    int TJSAMP_411 = 5;
    int TJCS_YCbCr = 1;
    int TJCS_GRAY = 2;
    int TJCS_CMYK = 3;
    int TJCS_YCCK = 4;
    /** A truncated or damaged file otherwise "succeeds" with a grey-filled remainder. */
    int TJFLAG_STOPONWARNING = 8192;
    int TJFLAG_NOREALLOC = 1024;

    Pointer tjInitDecompress();

    Pointer tjInitCompress();

    int tjDestroy(Pointer handle);

    int tjDecompressHeader3(Pointer handle, Pointer jpegBuf, NativeLong jpegSize, IntByReference width,
                            IntByReference height, IntByReference jpegSubsamp, IntByReference jpegColorspace);

    int tjDecompress2(Pointer handle, Pointer jpegBuf, NativeLong jpegSize, Pointer dstBuf, int width, int pitch,
                      int height, int pixelFormat, int flags);

    int tjCompress2(Pointer handle, Pointer srcBuf, int width, int pitch, int height, int pixelFormat,
                    PointerByReference jpegBuf, NativeLongByReference jpegSize, int jpegSubsamp, int jpegQual,
                    int flags);

    /**
     * Decodes to Y, Cb and Cr planes (Y alone for greyscale) without colour conversion or chroma
     * upsampling, DCT-scaled to the largest size that fits {@code width x height}. Plane sizes are
     * {@link #tjPlaneWidth} x {@link #tjPlaneHeight} of the scaled size (luma padded to whole chroma blocks).
     */
    int tjDecompressToYUVPlanes(Pointer handle, Pointer jpegBuf, NativeLong jpegSize, Pointer[] dstPlanes, int width,
                                int[] strides, int height, int flags);

    /** Encodes Y, Cb and Cr planes of the sizes {@link #tjPlaneWidth} x {@link #tjPlaneHeight} give for {@code subsamp}. */
    int tjCompressFromYUVPlanes(Pointer handle, Pointer[] srcPlanes, int width, int[] strides, int height, int subsamp,
                                PointerByReference jpegBuf, NativeLongByReference jpegSize, int jpegQual, int flags);

    int tjPlaneWidth(int componentID, int width, int subsamp);

    int tjPlaneHeight(int componentID, int height, int subsamp);

    NativeLong tjBufSize(int width, int height, int jpegSubsamp);

    String tjGetErrorStr2(Pointer handle);
}

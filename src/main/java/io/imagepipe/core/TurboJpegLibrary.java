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
    int TJSAMP_420 = 2;
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

    NativeLong tjBufSize(int width, int height, int jpegSubsamp);

    String tjGetErrorStr2(Pointer handle);
}

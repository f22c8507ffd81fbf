package io.imagepipe.core;

/** libjpeg-turbo refused a file (or a warning was raised, which TJFLAG_STOPONWARNING makes fatal). */
final class TurboJpegException extends Exception {
    TurboJpegException(String message) {
        super(message);
    }
}

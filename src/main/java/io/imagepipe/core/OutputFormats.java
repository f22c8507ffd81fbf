package io.imagepipe.core;

/** Which format a rendition is written in when its spec does not say. */
final class OutputFormats {
    private OutputFormats() {
    }

    /** JPEG stays JPEG, PNG stays PNG; anything else becomes PNG if it can be transparent, else JPEG. */
    static ImageFormat choose(RenditionSpec spec, ImageFormat source, boolean transparent) {
        if (spec.format().isPresent()) {
            return spec.format().get();
        }
        if (source == ImageFormat.JPEG || source == ImageFormat.PNG) {
            return source;
        }
        return transparent ? ImageFormat.PNG : ImageFormat.JPEG;
    }
}

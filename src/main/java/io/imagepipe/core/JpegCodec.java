package io.imagepipe.core;

import java.util.Locale;
import java.util.Optional;

/**
 * Which library decodes and encodes JPEG: the system's libjpeg-turbo through {@link TurboJpeg}
 * (DCT-domain scaled decoding; the fast path), or ImageIO (TwelveMonkeys' reader over the JDK's
 * libjpeg; always there). Chosen once per {@link ImageProcessor}; CMYK/YCCK JPEGs, those with a grey or
 * damaged ICC profile, and any file libjpeg-turbo refuses, take the ImageIO path either way.
 */
public final class JpegCodec {
    /** The setting's name as a system property; {@code IMAGEPIPE_JPEG_CODEC} is the environment variable. */
    public static final String PROPERTY = "imagepipe.jpeg.codec";
    public static final String VARIABLE = "IMAGEPIPE_JPEG_CODEC";

    public enum Path {
        TURBOJPEG, IMAGEIO;

        /** The label value for logs and metrics: {@code turbojpeg} or {@code imageio}. */
        public String id() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    private final Optional<TurboJpeg> turboJpeg;
    private final String reason;

    private JpegCodec(Optional<TurboJpeg> turboJpeg, String reason) {
        this.turboJpeg = turboJpeg;
        this.reason = reason;
    }

    /**
     * {@code auto} (or null/blank): libjpeg-turbo when it loads, else ImageIO. {@code turbojpeg}: the
     * same, but the reason it did not load is the detail. {@code imageio}: ImageIO only.
     *
     * @throws IllegalArgumentException for any other value
     */
    public static JpegCodec select(String setting) {
        String value = setting == null || setting.isBlank() ? "auto" : setting.strip().toLowerCase(Locale.ROOT);
        switch (value) {
            case "imageio" -> {
                return new JpegCodec(Optional.empty(), "ImageIO chosen by " + VARIABLE + "=imageio");
            }
            case "auto", "turbojpeg" -> {
                TurboJpeg.Loaded loaded = TurboJpeg.load();
                return new JpegCodec(loaded.turboJpeg(), loaded.detail());
            }
            default -> throw new IllegalArgumentException(VARIABLE + " must be auto, turbojpeg or imageio, not '"
                    + setting + "'");
        }
    }

    /** What the process is configured with: the system property, else the environment variable, else auto. */
    public static JpegCodec configured() {
        return select(System.getProperty(PROPERTY, System.getenv(VARIABLE)));
    }

    public Path path() {
        return turboJpeg.isPresent() ? Path.TURBOJPEG : Path.IMAGEIO;
    }

    /** Why this path: the library loaded, could not be loaded (and why), or was not wanted. */
    public String reason() {
        return reason;
    }

    Optional<TurboJpeg> turboJpeg() {
        return turboJpeg;
    }

    @Override
    public String toString() {
        return path().id() + " (" + reason + ")";
    }
}

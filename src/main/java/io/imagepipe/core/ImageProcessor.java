package io.imagepipe.core;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Turns the bytes of one source image into its renditions: probe the header, enforce the limits,
 * decode once at the smallest scale that still serves the largest rendition, then derive the
 * renditions largest first, each from the smallest picture already made that is big enough.
 *
 * <p>Thread-safe and stateless between calls; one instance serves a whole worker pool.
 */
public final class ImageProcessor {
    /**
     * The decoded picture is kept at least this many times the largest rendition (before
     * {@link ImageDecoder#eighths} rounds the scale). Reducing in the decode saves most of the decode
     * and resize; with libjpeg-turbo's DCT scaling, 1.0 gives the 800 px rendition an SSIM of 0.9754
     * on the photo sets, and decoding them whole 0.9760 for 2.1x the CPU per image (bench/RESULTS.md).
     */
    static final double DECODE_HEADROOM = 1.0;

    private final Limits limits;
    private final ImageProbe probe = new ImageProbe();
    private final JpegCodec jpegCodec;
    private final ImageDecoder decoder;
    private final Resizer resizer = new Resizer();
    private final ImageEncoder encoder;

    /** With the JPEG codec the process is configured with ({@link JpegCodec#configured()}). */
    public ImageProcessor(Limits limits) {
        this(limits, JpegCodec.configured());
    }

    public ImageProcessor(Limits limits, JpegCodec jpegCodec) {
        this.limits = limits;
        this.jpegCodec = jpegCodec;
        this.decoder = new ImageDecoder(jpegCodec);
        this.encoder = new ImageEncoder(jpegCodec);
    }

    /** Which library decodes and encodes JPEG here. */
    public JpegCodec jpegCodec() {
        return jpegCodec;
    }

    public Limits limits() {
        return limits;
    }

    /** Format, size, orientation: the header only. Checks the byte limit first and the pixel limit after. */
    public SourceInfo probe(byte[] bytes) throws ImageException {
        limits.checkBytes(bytes.length);
        SourceInfo info = probe.probe(bytes);
        limits.checkPixels(info);
        return info;
    }

    public ProcessedImage process(byte[] bytes, List<RenditionSpec> specs) throws ImageException {
        return process(bytes, probe(bytes), specs);
    }

    /** Processes a source already probed (by {@link #probe}), e.g. after reserving memory for it. */
    public ProcessedImage process(byte[] bytes, SourceInfo info, List<RenditionSpec> specs) throws ImageException {
        if (specs.isEmpty()) {
            throw new IllegalArgumentException("no renditions requested");
        }
        long t0 = System.nanoTime();
        Picture decoded = decoder.decode(bytes, info, decodeScale(info, specs), onlyJpegOut(info, specs));
        long decodeNanos = System.nanoTime() - t0;
        boolean transparent = decoded.transparent();
        Size display = new Size(info.displayWidth(), info.displayHeight());

        List<Integer> largestFirst = new ArrayList<>();
        List<RenditionGeometry> geometries = new ArrayList<>();
        for (int i = 0; i < specs.size(); i++) {
            geometries.add(RenditionGeometry.of(display, specs.get(i)));
            largestFirst.add(i);
        }
        largestFirst.sort(Comparator.comparingLong((Integer i) -> geometries.get(i).scaled().pixels()).reversed());

        Rendition[] renditions = new Rendition[specs.size()];
        List<Picture> wholePictures = new ArrayList<>(List.of(decoded));
        long resizeNanos = 0;
        long encodeNanos = 0;
        for (int i : largestFirst) {
            RenditionSpec spec = specs.get(i);
            RenditionGeometry geometry = geometries.get(i);
            long r0 = System.nanoTime();
            Picture stored = resizeInStoredOrientation(wholePictures, geometry, info);
            Picture upright = stored.upright(info.orientation());
            long e0 = System.nanoTime();
            ImageFormat format = OutputFormats.choose(spec, info.format(), transparent);
            byte[] encoded = upright.encode(encoder, format, spec.quality());
            long e1 = System.nanoTime();
            resizeNanos += e0 - r0;
            encodeNanos += e1 - e0;
            renditions[i] = new Rendition(spec.name(), upright.width(), upright.height(), format, encoded);
        }
        return new ProcessedImage(info, List.of(renditions), new StageTimings(decodeNanos, resizeNanos, encodeNanos));
    }

    /**
     * Works on the stored pixels and turns only the finished rendition upright: a centre crop
     * commutes with the eight EXIF orientations, and turning a rendition is cheaper than turning the source.
     */
    private Picture resizeInStoredOrientation(List<Picture> wholePictures, RenditionGeometry geometry,
                                              SourceInfo info) {
        Size scaled = info.transposed() ? geometry.scaled().transposed() : geometry.scaled();
        Size output = info.transposed() ? geometry.output().transposed() : geometry.output();
        Picture base = smallestCovering(wholePictures, scaled);
        if (!geometry.cropped()) {
            Picture result = base.resized(resizer, scaled);
            if (result != base) {
                wholePictures.add(result);
            }
            return result;
        }
        // Crop the base to the part that becomes the output, then scale only that part.
        double fx = (double) base.width() / scaled.width();
        double fy = (double) base.height() / scaled.height();
        Size part = new Size(Math.min(base.width(), Math.max(1, (int) Math.round(output.width() * fx))),
                Math.min(base.height(), Math.max(1, (int) Math.round(output.height() * fy))));
        return base.cropCentreAndResized(resizer, part, output);
    }

    private static Picture smallestCovering(List<Picture> pictures, Size needed) {
        Picture best = pictures.get(0);
        for (Picture p : pictures) {
            if (p.width() >= needed.width() && p.height() >= needed.height()
                    && (long) p.width() * p.height() < (long) best.width() * best.height()) {
                best = p;
            }
        }
        return best;
    }

    /**
     * The decoded pixel count of {@code info} for these specs: what a memory budget must reserve.
     * The decode allocates this many pixels times 3 bytes (4 for transparent PNG/GIF/WebP/TIFF) on
     * the Java heap; libjpeg-turbo's native working memory comes on top (see {@link TurboJpegSession}).
     * The planar JPEG path takes 1.5 bytes a pixel for 4:2:0 but up to 3 for 4:4:4, which the header
     * probe does not tell apart, so the interleaved figure stays the bound for both.
     */
    public long decodedPixels(SourceInfo info, List<RenditionSpec> specs) {
        return decoder.decodedSize(info, decodeScale(info, specs)).pixels();
    }

    /**
     * Every rendition is written as JPEG (a JPEG source's default): then a JPEG source may stay in
     * its Y, Cb and Cr planes from decode to encode.
     */
    private static boolean onlyJpegOut(SourceInfo info, List<RenditionSpec> specs) {
        for (RenditionSpec spec : specs) {
            if (OutputFormats.choose(spec, info.format(), false) != ImageFormat.JPEG) {
                return false;
            }
        }
        return true;
    }

    /** The fraction of each stored side the decode must keep: the largest rendition's, times the headroom. */
    static double decodeScale(SourceInfo info, List<RenditionSpec> specs) {
        Size display = new Size(info.displayWidth(), info.displayHeight());
        double needed = 0;
        for (RenditionSpec spec : specs) {
            Size scaled = RenditionGeometry.of(display, spec).scaled();
            needed = Math.max(needed, Math.max((double) scaled.width() / display.width(),
                    (double) scaled.height() / display.height()));
        }
        return Math.min(1.0, needed * DECODE_HEADROOM);
    }
}

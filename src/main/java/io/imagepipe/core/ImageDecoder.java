package io.imagepipe.core;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import javax.imageio.ImageReadParam;
import javax.imageio.ImageReader;
import javax.imageio.event.IIOReadWarningListener;

/**
 * Decodes a source once, reduced as far as {@code scale} allows, into a working-layout image
 * ({@link Pixels}: TYPE_3BYTE_BGR, or TYPE_4BYTE_ABGR when it can be transparent) in sRGB and in
 * stored orientation.
 *
 * <p>JPEG takes libjpeg-turbo's DCT-domain scaled decode ({@link TurboJpeg}) when the library is
 * there, except CMYK/YCCK files, which TwelveMonkeys converts to sRGB; an embedded RGB ICC profile is
 * applied to the reduced picture ({@link SrgbConversion}). Everything
 * else, and any JPEG libjpeg-turbo refuses (it stops on every warning), goes through ImageIO with
 * point subsampling, which decides whether the file is corrupt. Truncated and damaged files fail
 * with a {@link CorruptImageException} rather than yield a half-grey picture.
 */
final class ImageDecoder {
    private final SrgbConversion srgb = new SrgbConversion();
    private final PngColorProfile pngProfile = new PngColorProfile(srgb);
    private final Optional<TurboJpeg> turboJpeg;

    ImageDecoder(JpegCodec codec) {
        this.turboJpeg = codec.turboJpeg();
    }

    /**
     * The size a decode of {@code info} at {@code scale} (the fraction of the stored size that must be
     * kept, at most 1) produces: what the decode allocates as pixels, and never less than the fallback makes.
     */
    Size decodedSize(SourceInfo info, double scale) {
        if (turboEligible(info)) {
            return TurboJpeg.scaled(info.width(), info.height(), eighths(scale));
        }
        int k = subsampling(scale);
        return new Size(ceilDiv(info.width(), k), ceilDiv(info.height(), k));
    }

    /**
     * Like {@link #decode(byte[], SourceInfo, double)}, but a YCbCr or greyscale JPEG that libjpeg-turbo
     * takes comes as its planes when {@code planesWanted} (every rendition is written as JPEG): no
     * colour conversion and no chroma upsampling, and a half (4:2:0) of the bytes to resize. Only
     * pictures already in sRGB qualify: an ICC profile that needs applying needs RGB pixels.
     */
    Picture decode(byte[] bytes, SourceInfo info, double scale, boolean planesWanted) throws CorruptImageException {
        if (!turboEligible(info)) {
            return new InterleavedPicture(decodeImageIo(bytes, info, subsampling(scale)));
        }
        SrgbConversion.Plan colour = colourPlan(bytes, info);
        if (planesWanted && colour instanceof SrgbConversion.AlreadySrgb) {
            try {
                Optional<PlanarPicture> planes = turboJpeg.orElseThrow().decodePlanar(bytes, eighths(scale));
                if (planes.isPresent()) {
                    return planes.get().shownWith(info.orientation());
                }
            } catch (TurboJpegException | RuntimeException e) {
                return new InterleavedPicture(decodeImageIoWithinTurboSize(bytes, info, scale));
            }
        }
        return new InterleavedPicture(decodeTurbo(bytes, info, scale, colour));
    }

    BufferedImage decode(byte[] bytes, SourceInfo info, double scale) throws CorruptImageException {
        if (turboEligible(info)) {
            return decodeTurbo(bytes, info, scale, colourPlan(bytes, info));
        }
        return decodeImageIo(bytes, info, subsampling(scale));
    }

    /** libjpeg-turbo's decode with {@code colour} applied; ImageIO when either refuses the file. */
    private BufferedImage decodeTurbo(byte[] bytes, SourceInfo info, double scale, SrgbConversion.Plan colour)
            throws CorruptImageException {
        if (!(colour instanceof SrgbConversion.NotApplicable)) {
            try {
                BufferedImage image = turboJpeg.orElseThrow().decode(bytes, eighths(scale));
                if (colour instanceof SrgbConversion.Convert convert) {
                    SrgbConversion.apply(convert, image);
                }
                return image;
            } catch (TurboJpegException | RuntimeException e) {
                // ImageIO decides, below.
            }
        }
        return decodeImageIoWithinTurboSize(bytes, info, scale);
    }

    /** Subsampled so that ImageIO allocates no more than {@link #decodedSize} promised for libjpeg-turbo. */
    private BufferedImage decodeImageIoWithinTurboSize(byte[] bytes, SourceInfo info, double scale)
            throws CorruptImageException {
        return decodeImageIo(bytes, info, Math.max(subsampling(scale), ceilDiv(8, eighths(scale))));
    }

    /**
     * How to bring an ICC-tagged JPEG to sRGB after a libjpeg-turbo decode (which ignores profiles).
     * A profile that cannot be read whole or applied leaves the file to ImageIO, as before this path existed.
     */
    private SrgbConversion.Plan colourPlan(byte[] bytes, SourceInfo info) {
        if (!info.iccProfile()) {
            return new SrgbConversion.AlreadySrgb();
        }
        return JpegIccSegments.profile(bytes).map(srgb::plan)
                .orElseGet(() -> new SrgbConversion.NotApplicable("ICC profile segments incomplete", true));
    }

    /**
     * JPEGs libjpeg-turbo decodes: not CMYK/YCCK (it cannot convert those to RGB). ICC-tagged ones are
     * decoded reduced and then converted ({@link SrgbConversion}), which costs a conversion of the
     * reduced picture instead of a full-size decode through ImageIO.
     */
    private boolean turboEligible(SourceInfo info) {
        return turboJpeg.isPresent() && info.format() == ImageFormat.JPEG && !info.cmyk();
    }

    /**
     * The DCT scale (n/8) to decode at: the smallest that keeps at least {@code scale} of each side
     * when that is at most a half, else the whole picture. libjpeg-turbo's 5/8, 6/8 and 7/8 decodes
     * cost the 800 px rendition of mid-size uploads 0.003 of mean SSIM (0.9706 against 0.9735;
     * u036 0.918 against 0.938) and saved only 3% of the CPU per image; 3/8 and 4/8 cost the
     * photo sets nothing measurable (bench/RESULTS.md, "Uploads quality").
     */
    static int eighths(double scale) {
        int eighths = Math.max(1, Math.min(8, (int) Math.ceil(scale * 8 - 1e-9)));
        return eighths > 4 ? 8 : eighths;
    }

    /** The largest point-sampling step that keeps at least {@code scale} of each side. */
    static int subsampling(double scale) {
        return Math.max(1, (int) Math.floor(1.0 / scale + 1e-9));
    }

    private BufferedImage decodeImageIo(byte[] bytes, SourceInfo info, int subsampling) throws CorruptImageException {
        ImageReader reader = ImageReaders.forFormat(info.format());
        List<String> warnings = new ArrayList<>();
        try {
            boolean needMetadata = info.format() == ImageFormat.PNG && info.iccProfile();
            reader.setInput(ImageReaders.stream(bytes), true, !needMetadata);
            reader.addIIOReadWarningListener(new Collector(warnings));
            ImageReadParam param = reader.getDefaultReadParam();
            if (subsampling > 1) {
                param.setSourceSubsampling(subsampling, subsampling, 0, 0);
            }
            BufferedImage image = reader.read(0, param);
            failOnTruncation(info, warnings);
            BufferedImage working = Pixels.working(image);
            if (needMetadata) {
                pngProfile.convertToSrgb(working, reader.getImageMetadata(0));
            }
            return working;
        } catch (CorruptImageException e) {
            throw e;
        } catch (IOException | RuntimeException e) {
            throw new CorruptImageException(info.format().id() + " data cannot be decoded: "
                    + ImageProbe.describe(e), e);
        } finally {
            reader.dispose();
        }
    }

    private static void failOnTruncation(SourceInfo info, List<String> warnings) throws CorruptImageException {
        for (String warning : warnings) {
            String w = warning.toLowerCase(Locale.ROOT);
            if (w.contains("premature end") || w.contains("truncat") || w.contains("unexpected end")) {
                throw new CorruptImageException(info.format().id() + " is truncated: " + warning);
            }
        }
    }

    private static int ceilDiv(int a, int b) {
        return (a + b - 1) / b;
    }

    private record Collector(List<String> warnings) implements IIOReadWarningListener {
        @Override
        public void warningOccurred(ImageReader source, String warning) {
            warnings.add(warning);
        }
    }
}

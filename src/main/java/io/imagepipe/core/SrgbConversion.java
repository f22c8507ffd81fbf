package io.imagepipe.core;

import java.awt.color.ColorSpace;
import java.awt.color.ICC_ColorSpace;
import java.awt.color.ICC_Profile;
import java.awt.image.BufferedImage;
import java.awt.image.ColorConvertOp;
import java.awt.image.WritableRaster;
import java.nio.ByteBuffer;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Turns pixels tagged with an embedded RGB ICC profile into sRGB, the colour space renditions are
 * written in (they carry no profile). Runs on the decoded picture, which is already reduced, so a
 * 20 MP Display P3 photo costs a conversion of the 2 MP it was decoded to, not of 20 MP.
 *
 * <p>Profiles that are sRGB already (most camera and phone JPEGs tagged "sRGB IEC61966-2.1") are
 * recognised by converting a grid of test colours once and are then skipped. The verdict and the
 * parsed profile are cached per profile content: a service sees the same few profiles all day.
 * Thread-safe; the LCMS transform is created per call because {@link ColorConvertOp} is not.
 */
final class SrgbConversion {
    /** Distinct profiles remembered; beyond this the least recently used is parsed again when met. */
    static final int CACHED_PROFILES = 32;
    /** A profile whose conversion moves no test colour by more than this many levels is treated as sRGB. */
    static final int IDENTITY_TOLERANCE = 1;

    private final Map<ByteBuffer, Plan> cache = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<ByteBuffer, Plan> eldest) {
            return size() > CACHED_PROFILES;
        }
    };

    /** What to do with pixels tagged with a profile: convert them, nothing, or the profile cannot be applied. */
    sealed interface Plan permits Convert, AlreadySrgb, NotApplicable {
    }

    record Convert(ICC_Profile profile) implements Plan {
    }

    record AlreadySrgb() implements Plan {
    }

    /** Damaged ({@code damaged}), non-RGB (grey, CMYK, Lab) or otherwise unusable profiles: the caller decides. */
    record NotApplicable(String reason, boolean damaged) implements Plan {
    }

    Plan plan(byte[] profileBytes) {
        ByteBuffer key = ByteBuffer.wrap(profileBytes);
        synchronized (cache) {
            Plan known = cache.get(key);
            if (known != null) {
                return known;
            }
        }
        Plan fresh = examine(profileBytes);
        synchronized (cache) {
            cache.put(ByteBuffer.wrap(profileBytes.clone()), fresh);
        }
        return fresh;
    }

    /** Converts the colour channels of a working-layout picture ({@link Pixels}) in place; alpha is untouched. */
    static void apply(Convert plan, BufferedImage image) {
        ColorConvertOp op = new ColorConvertOp(new ICC_ColorSpace(plan.profile()),
                ColorSpace.getInstance(ColorSpace.CS_sRGB), null);
        // The rasters of TYPE_3BYTE_BGR and TYPE_4BYTE_ABGR number their bands R, G, B(, A).
        WritableRaster rgb = image.getRaster().createWritableChild(0, 0, image.getWidth(), image.getHeight(),
                0, 0, new int[] {0, 1, 2});
        op.filter(rgb, rgb);
    }

    private static Plan examine(byte[] profileBytes) {
        ICC_Profile profile;
        try {
            profile = ICC_Profile.getInstance(profileBytes);
        } catch (IllegalArgumentException e) {
            return new NotApplicable("ICC profile is damaged: " + ImageProbe.describe(e), true);
        }
        if (profile.getNumComponents() != 3 || profile.getColorSpaceType() != ColorSpace.TYPE_RGB) {
            return new NotApplicable("ICC profile is not an RGB profile", false);
        }
        try {
            return isSrgb(profile) ? new AlreadySrgb() : new Convert(profile);
        } catch (RuntimeException e) {
            // LCMS refuses profiles it cannot build a transform from (missing tags, bad curves).
            return new NotApplicable("ICC profile cannot be applied: " + ImageProbe.describe(e), true);
        }
    }

    /** Converts a 6x6x6 grid of colours (0, 51, ..., 255 per channel) and compares. */
    private static boolean isSrgb(ICC_Profile profile) {
        BufferedImage grid = new BufferedImage(216, 1, BufferedImage.TYPE_3BYTE_BGR);
        WritableRaster raster = grid.getRaster();
        int x = 0;
        for (int r = 0; r <= 255; r += 51) {
            for (int g = 0; g <= 255; g += 51) {
                for (int b = 0; b <= 255; b += 51) {
                    raster.setPixel(x++, 0, new int[] {r, g, b});
                }
            }
        }
        WritableRaster before = grid.copyData(null);
        apply(new Convert(profile), grid);
        int[] a = before.getPixels(0, 0, 216, 1, (int[]) null);
        int[] c = raster.getPixels(0, 0, 216, 1, (int[]) null);
        for (int i = 0; i < a.length; i++) {
            if (Math.abs(a[i] - c[i]) > IDENTITY_TOLERANCE) {
                return false;
            }
        }
        return true;
    }
}

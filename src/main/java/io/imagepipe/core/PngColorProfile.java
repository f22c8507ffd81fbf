package io.imagepipe.core;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;
import javax.imageio.metadata.IIOMetadata;
import javax.imageio.metadata.IIOMetadataNode;
import org.w3c.dom.Node;

/**
 * Applies a PNG's embedded iCCP profile. The JDK's PNG reader ignores it (its JPEG and WebP
 * counterparts in TwelveMonkeys do not), so a wide-gamut PNG would otherwise come out oversaturated.
 */
final class PngColorProfile {
    private static final String NATIVE_FORMAT = "javax_imageio_png_1.0";
    private static final int MAX_PROFILE_BYTES = 4 * 1024 * 1024;

    private final SrgbConversion conversion;

    PngColorProfile(SrgbConversion conversion) {
        this.conversion = conversion;
    }

    /** Converts {@code image} (working layout, see {@link Pixels}) in place; leaves it alone without a usable RGB profile. */
    void convertToSrgb(BufferedImage image, IIOMetadata metadata) throws CorruptImageException {
        byte[] compressed = compressedProfile(metadata);
        if (compressed == null) {
            return;
        }
        byte[] profile;
        try {
            profile = inflate(compressed);
        } catch (DataFormatException e) {
            throw new CorruptImageException("png iCCP profile is damaged: " + ImageProbe.describe(e), e);
        }
        SrgbConversion.Plan plan = conversion.plan(profile);
        if (plan instanceof SrgbConversion.Convert convert) {
            SrgbConversion.apply(convert, image);
        } else if (plan instanceof SrgbConversion.NotApplicable n && n.damaged()) {
            throw new CorruptImageException("png iCCP " + n.reason());
        }
    }

    private static byte[] compressedProfile(IIOMetadata metadata) {
        if (metadata == null || !java.util.Arrays.asList(metadata.getMetadataFormatNames()).contains(NATIVE_FORMAT)) {
            return null;
        }
        Node root = metadata.getAsTree(NATIVE_FORMAT);
        for (Node n = root.getFirstChild(); n != null; n = n.getNextSibling()) {
            if ("iCCP".equals(n.getNodeName()) && n instanceof IIOMetadataNode node
                    && node.getUserObject() instanceof byte[] bytes) {
                return bytes;
            }
        }
        return null;
    }

    private static byte[] inflate(byte[] compressed) throws DataFormatException {
        Inflater inflater = new Inflater();
        try {
            inflater.setInput(compressed);
            ByteArrayOutputStream out = new ByteArrayOutputStream(compressed.length * 3);
            byte[] buffer = new byte[8192];
            while (!inflater.finished()) {
                int n = inflater.inflate(buffer);
                if (n == 0 && (inflater.needsInput() || inflater.needsDictionary())) {
                    throw new DataFormatException("profile data ends early");
                }
                out.write(buffer, 0, n);
                if (out.size() > MAX_PROFILE_BYTES) {
                    throw new DataFormatException("profile larger than " + MAX_PROFILE_BYTES + " bytes");
                }
            }
            return out.toByteArray();
        } finally {
            inflater.end();
        }
    }
}

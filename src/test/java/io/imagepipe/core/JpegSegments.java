package io.imagepipe.core;

import java.awt.image.DataBuffer;
import java.awt.image.Raster;
import java.awt.image.WritableRaster;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import javax.imageio.IIOImage;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;

/**
 * JPEG segment surgery by hand, where ImageIO cannot help: EXIF (orientation, GPS), comment, ICC
 * profile and Adobe APP14 segments inserted into a JPEG, the list of a JPEG's markers, and
 * four-component (CMYK, YCCK) JPEGs as Photoshop stores them.
 */
final class JpegSegments {
    private JpegSegments() {
    }

    /**
     * An APP1 Exif segment payload: "Exif\0\0", a big-endian TIFF header and IFD0 holding the
     * Orientation tag (0x0112) and, with {@code gps}, a GPS IFD pointer (0x8825) to a GPS IFD
     * holding a latitude reference ("N").
     */
    static byte[] exifPayload(int orientation, boolean gps) {
        ByteBuffer b = ByteBuffer.allocate(256).order(ByteOrder.BIG_ENDIAN);
        b.put("Exif\0\0".getBytes(StandardCharsets.US_ASCII));
        int tiff = b.position();
        b.put((byte) 'M').put((byte) 'M').putShort((short) 42).putInt(8);
        int entries = gps ? 2 : 1;
        b.putShort((short) entries);
        b.putShort((short) 0x0112).putShort((short) 3).putInt(1).putShort((short) orientation).putShort((short) 0);
        int gpsIfd = 8 + 2 + entries * 12 + 4;
        if (gps) {
            b.putShort((short) 0x8825).putShort((short) 4).putInt(1).putInt(gpsIfd);
        }
        b.putInt(0); // no IFD1
        if (gps) {
            if (b.position() - tiff != gpsIfd) {
                throw new IllegalStateException("GPS IFD offset");
            }
            b.putShort((short) 1);
            // GPSLatitudeRef "N": ASCII, 2 bytes, inline
            b.putShort((short) 1).putShort((short) 2).putInt(2).put((byte) 'N').put((byte) 0).putShort((short) 0);
            b.putInt(0);
        }
        byte[] out = new byte[b.position()];
        b.flip().get(out);
        return out;
    }

    static byte[] withExif(byte[] jpeg, int orientation, boolean gps) {
        return insertSegment(jpeg, 0xE1, exifPayload(orientation, gps));
    }

    static byte[] withComment(byte[] jpeg, String comment) {
        return insertSegment(jpeg, 0xFE, comment.getBytes(StandardCharsets.US_ASCII));
    }

    /** APP2 ICC_PROFILE segment(s) for {@code profile} (one is enough for the small test profiles). */
    static byte[] withIccProfile(byte[] jpeg, byte[] profile) {
        byte[] id = "ICC_PROFILE\0".getBytes(StandardCharsets.US_ASCII);
        byte[] payload = new byte[id.length + 2 + profile.length];
        System.arraycopy(id, 0, payload, 0, id.length);
        payload[id.length] = 1;     // sequence number
        payload[id.length + 1] = 1; // of one segment
        System.arraycopy(profile, 0, payload, id.length + 2, profile.length);
        return insertSegment(jpeg, 0xE2, payload);
    }

    /** Adobe APP14: version 100, no flags, {@code transform} 0 (CMYK/RGB as stored) or 2 (YCCK). */
    static byte[] withAdobeMarker(byte[] jpeg, int transform) {
        byte[] payload = {'A', 'd', 'o', 'b', 'e', 0, 100, 0, 0, 0, 0, (byte) transform};
        return insertSegment(jpeg, 0xEE, payload);
    }

    /** Inserts a marker segment after SOI and any JFIF APP0, where cameras put theirs. */
    static byte[] insertSegment(byte[] jpeg, int marker, byte[] payload) {
        if ((jpeg[0] & 0xFF) != 0xFF || (jpeg[1] & 0xFF) != 0xD8) {
            throw new IllegalArgumentException("not a JPEG");
        }
        if (payload.length + 2 > 0xFFFF) {
            throw new IllegalArgumentException("segment too long");
        }
        int at = 2;
        if ((jpeg[2] & 0xFF) == 0xFF && (jpeg[3] & 0xFF) == 0xE0) {
            at = 4 + ((jpeg[4] & 0xFF) << 8 | (jpeg[5] & 0xFF));
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(jpeg.length + payload.length + 4);
        out.write(jpeg, 0, at);
        out.write(0xFF);
        out.write(marker);
        out.write((payload.length + 2) >> 8);
        out.write((payload.length + 2) & 0xFF);
        out.write(payload, 0, payload.length);
        out.write(jpeg, at, jpeg.length - at);
        return out.toByteArray();
    }

    /** The marker codes of a JPEG's segments up to the first scan (0xE1 APP1, 0xFE COM...). */
    static List<Integer> jpegMarkers(byte[] jpeg) {
        List<Integer> markers = new ArrayList<>();
        int i = 2;
        while (i + 4 <= jpeg.length) {
            if ((jpeg[i] & 0xFF) != 0xFF) {
                throw new IllegalArgumentException("no marker at " + i);
            }
            int marker = jpeg[i + 1] & 0xFF;
            markers.add(marker);
            if (marker == 0xDA) {
                break;
            }
            i += 2 + ((jpeg[i + 2] & 0xFF) << 8 | (jpeg[i + 3] & 0xFF));
        }
        return markers;
    }

    static boolean containsAscii(byte[] bytes, String text) {
        byte[] t = text.getBytes(StandardCharsets.US_ASCII);
        outer:
        for (int i = 0; i + t.length <= bytes.length; i++) {
            for (int j = 0; j < t.length; j++) {
                if (bytes[i + j] != t[j]) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }

    /**
     * A four-component JPEG with one ink combination per quadrant ({@code inks[q] = {c, m, y, k}},
     * 0-255 of ink; quadrants top-left, top-right, bottom-left, bottom-right), stored the way
     * Photoshop does behind an Adobe APP14 marker: inverted CMYK (transform 0), or YCCK (transform 2),
     * where the first three channels are the YCbCr of (C, M, Y) ink amounts and K is inverted.
     */
    static byte[] cmykJpeg(int width, int height, int[][] inks, boolean ycck) {
        WritableRaster raster = Raster.createInterleavedRaster(DataBuffer.TYPE_BYTE, width, height, 4, null);
        int[] stored = new int[4];
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                int[] ink = inks[(y >= height / 2 ? 2 : 0) + (x >= width / 2 ? 1 : 0)];
                if (ycck) {
                    double c = ink[0];
                    double m = ink[1];
                    double yy = ink[2];
                    stored[0] = clamp(0.299 * c + 0.587 * m + 0.114 * yy);
                    stored[1] = clamp(-0.168736 * c - 0.331264 * m + 0.5 * yy + 128);
                    stored[2] = clamp(0.5 * c - 0.418688 * m - 0.081312 * yy + 128);
                    stored[3] = 255 - ink[3];
                } else {
                    for (int b = 0; b < 4; b++) {
                        stored[b] = 255 - ink[b];
                    }
                }
                raster.setPixel(x, y, stored);
            }
        }
        ImageWriter writer = TestImages.jdkJpegWriter();
        ImageWriteParam param = writer.getDefaultWriteParam();
        param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
        param.setCompressionQuality(0.95f);
        // A Raster is written as its channels, without colour conversion or an Adobe marker.
        byte[] raw = TestImages.write(writer, new IIOImage(raster, null, null), param);
        return withAdobeMarker(raw, ycck ? 2 : 0);
    }

    private static int clamp(double v) {
        return (int) Math.max(0, Math.min(255, Math.round(v)));
    }
}

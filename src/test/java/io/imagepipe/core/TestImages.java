package io.imagepipe.core;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.awt.image.DataBuffer;
import java.awt.image.Raster;
import java.awt.image.WritableRaster;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.zip.CRC32;
import java.util.zip.Deflater;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageTypeSpecifier;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.metadata.IIOMetadata;
import javax.imageio.metadata.IIOMetadataNode;
import javax.imageio.stream.ImageOutputStream;

/**
 * Builds the test images: pictures with a layout that shows any turn, flip, crop or colour error
 * (four differently coloured quadrants, colour bands), written in each input format with ImageIO or
 * assembled by hand where ImageIO cannot (EXIF, ICC and Adobe segments, PNG chunks, WebP).
 */
final class TestImages {
    /** Quadrant colours: every one of the eight EXIF orientations moves at least two of them. */
    static final int TOP_LEFT = 0xFF0000;
    static final int TOP_RIGHT = 0x00FF00;
    static final int BOTTOM_LEFT = 0x0000FF;
    static final int BOTTOM_RIGHT = 0xFFFF00;

    private TestImages() {
    }

    // ---------------------------------------------------------------- pictures

    static BufferedImage quadrants(int width, int height) {
        return quadrants(width, height, BufferedImage.TYPE_INT_RGB);
    }

    static BufferedImage quadrants(int width, int height, int type) {
        BufferedImage image = new BufferedImage(width, height, type);
        Graphics2D g = image.createGraphics();
        try {
            fill(g, TOP_LEFT, 0, 0, width / 2, height / 2);
            fill(g, TOP_RIGHT, width / 2, 0, width - width / 2, height / 2);
            fill(g, BOTTOM_LEFT, 0, height / 2, width / 2, height - height / 2);
            fill(g, BOTTOM_RIGHT, width / 2, height / 2, width - width / 2, height - height / 2);
        } finally {
            g.dispose();
        }
        return image;
    }

    /** Equal bands of the given colours, left to right ({@code vertical}) or top to bottom. */
    static BufferedImage bands(int width, int height, boolean vertical, int... colours) {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        try {
            int n = colours.length;
            for (int i = 0; i < n; i++) {
                if (vertical) {
                    int x0 = width * i / n;
                    fill(g, colours[i], x0, 0, width * (i + 1) / n - x0, height);
                } else {
                    int y0 = height * i / n;
                    fill(g, colours[i], 0, y0, width, height * (i + 1) / n - y0);
                }
            }
        } finally {
            g.dispose();
        }
        return image;
    }

    static BufferedImage solid(int width, int height, int rgb) {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        try {
            fill(g, rgb, 0, 0, width, height);
        } finally {
            g.dispose();
        }
        return image;
    }

    private static void fill(Graphics2D g, int rgb, int x, int y, int w, int h) {
        g.setColor(new Color(rgb));
        g.fillRect(x, y, w, h);
    }

    /**
     * The pixels a camera stores for {@code upright} when it tags them with EXIF orientation N. Written
     * from the tag's definition (where the stored 0th row and 0th column belong in the displayed
     * picture), not from the code under test.
     */
    static BufferedImage storedForOrientation(BufferedImage upright, int orientation) {
        int w = upright.getWidth();
        int h = upright.getHeight();
        boolean transposed = orientation >= 5;
        BufferedImage stored = new BufferedImage(transposed ? h : w, transposed ? w : h, upright.getType());
        for (int sy = 0; sy < stored.getHeight(); sy++) {
            for (int sx = 0; sx < stored.getWidth(); sx++) {
                int ux;
                int uy;
                switch (orientation) {
                    case 1 -> { ux = sx; uy = sy; }                  // row 0 top, column 0 left
                    case 2 -> { ux = w - 1 - sx; uy = sy; }          // row 0 top, column 0 right
                    case 3 -> { ux = w - 1 - sx; uy = h - 1 - sy; }  // row 0 bottom, column 0 right
                    case 4 -> { ux = sx; uy = h - 1 - sy; }          // row 0 bottom, column 0 left
                    case 5 -> { ux = sy; uy = sx; }                  // row 0 left, column 0 top
                    case 6 -> { ux = w - 1 - sy; uy = sx; }          // row 0 right, column 0 top
                    case 7 -> { ux = w - 1 - sy; uy = h - 1 - sx; }  // row 0 right, column 0 bottom
                    case 8 -> { ux = sy; uy = h - 1 - sx; }          // row 0 left, column 0 bottom
                    default -> throw new IllegalArgumentException("orientation " + orientation);
                }
                stored.setRGB(sx, sy, upright.getRGB(ux, uy));
            }
        }
        return stored;
    }

    // ---------------------------------------------------------------- writing with ImageIO

    static byte[] jpeg(BufferedImage image) {
        return jpeg(image, 0.95f, false);
    }

    static byte[] progressiveJpeg(BufferedImage image) {
        return jpeg(image, 0.95f, true);
    }

    static byte[] jpeg(BufferedImage image, float quality, boolean progressive) {
        ImageWriter writer = jdkJpegWriter();
        ImageWriteParam param = writer.getDefaultWriteParam();
        param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
        param.setCompressionQuality(quality);
        if (progressive) {
            param.setProgressiveMode(ImageWriteParam.MODE_DEFAULT);
        }
        return write(writer, new IIOImage(image, null, null), param);
    }

    static byte[] png(BufferedImage image) {
        return imageIo(image, "png");
    }

    static byte[] interlacedPng(BufferedImage image) {
        ImageWriter writer = ImageIO.getImageWritersByFormatName("png").next();
        ImageWriteParam param = writer.getDefaultWriteParam();
        param.setProgressiveMode(ImageWriteParam.MODE_DEFAULT);
        return write(writer, new IIOImage(image, null, null), param);
    }

    /** Writes with the first ImageIO writer for {@code format} ("png", "gif", "bmp", "tiff"). */
    static byte[] imageIo(BufferedImage image, String format) {
        Iterator<ImageWriter> writers = ImageIO.getImageWritersByFormatName(format);
        if (!writers.hasNext()) {
            throw new IllegalStateException("no ImageIO writer for " + format);
        }
        ImageWriter writer = writers.next();
        return write(writer, new IIOImage(image, null, null), writer.getDefaultWriteParam());
    }

    /** An animated GIF: one frame per image, each shown for a second. */
    static byte[] animatedGif(BufferedImage... frames) {
        ImageWriter writer = ImageIO.getImageWritersByFormatName("gif").next();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ImageOutputStream out = ImageIO.createImageOutputStream(bytes)) {
            writer.setOutput(out);
            writer.prepareWriteSequence(null);
            for (BufferedImage frame : frames) {
                ImageWriteParam param = writer.getDefaultWriteParam();
                IIOMetadata metadata = writer.getDefaultImageMetadata(ImageTypeSpecifier.createFromRenderedImage(frame), param);
                String format = metadata.getNativeMetadataFormatName();
                IIOMetadataNode root = (IIOMetadataNode) metadata.getAsTree(format);
                IIOMetadataNode gce = new IIOMetadataNode("GraphicControlExtension");
                gce.setAttribute("disposalMethod", "none");
                gce.setAttribute("userInputFlag", "FALSE");
                gce.setAttribute("transparentColorFlag", "FALSE");
                gce.setAttribute("delayTime", "100");
                gce.setAttribute("transparentColorIndex", "0");
                root.appendChild(gce);
                metadata.setFromTree(format, root);
                writer.writeToSequence(new IIOImage(frame, null, metadata), param);
            }
            writer.endWriteSequence();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            writer.dispose();
        }
        return bytes.toByteArray();
    }

    private static ImageWriter jdkJpegWriter() {
        ImageWriter first = null;
        for (Iterator<ImageWriter> it = ImageIO.getImageWritersByFormatName("jpeg"); it.hasNext(); ) {
            ImageWriter w = it.next();
            if (w.getClass().getName().startsWith("com.sun.")) {
                return w;
            }
            first = first == null ? w : first;
        }
        if (first == null) {
            throw new IllegalStateException("no JPEG writer");
        }
        return first;
    }

    private static byte[] write(ImageWriter writer, IIOImage image, ImageWriteParam param) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ImageOutputStream out = ImageIO.createImageOutputStream(bytes)) {
            writer.setOutput(out);
            writer.write(null, image, param);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            writer.dispose();
        }
        return bytes.toByteArray();
    }

    static BufferedImage read(byte[] bytes) {
        try {
            BufferedImage image = ImageIO.read(new ByteArrayInputStream(bytes));
            if (image == null) {
                throw new IllegalStateException("ImageIO cannot read these " + bytes.length + " bytes");
            }
            return image;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    // ---------------------------------------------------------------- JPEG segments by hand

    /**
     * An APP1 Exif segment payload: "Exif\0\0", a big-endian TIFF header and IFD0 holding the
     * Orientation tag (0x0112) and, with {@code gps}, a GPS IFD pointer (0x8825) to a GPS IFD
     * with a latitude reference and an ImageDescription (0x010E) to find in the bytes.
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
        ImageWriter writer = jdkJpegWriter();
        ImageWriteParam param = writer.getDefaultWriteParam();
        param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
        param.setCompressionQuality(0.95f);
        // A Raster is written as its channels, without colour conversion or an Adobe marker.
        byte[] raw = write(writer, new IIOImage(raster, null, null), param);
        return withAdobeMarker(raw, ycck ? 2 : 0);
    }

    private static int clamp(double v) {
        return (int) Math.max(0, Math.min(255, Math.round(v)));
    }

    // ---------------------------------------------------------------- PNG chunks by hand

    record Chunk(String type, byte[] data) {
    }

    static final byte[] PNG_SIGNATURE = {(byte) 0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A};

    static List<Chunk> pngChunks(byte[] png) {
        ByteBuffer b = ByteBuffer.wrap(png).order(ByteOrder.BIG_ENDIAN);
        b.position(8);
        List<Chunk> chunks = new ArrayList<>();
        while (b.remaining() >= 12) {
            int length = b.getInt();
            byte[] type = new byte[4];
            b.get(type);
            byte[] data = new byte[length];
            b.get(data);
            b.getInt(); // CRC
            chunks.add(new Chunk(new String(type, StandardCharsets.US_ASCII), data));
        }
        return chunks;
    }

    static byte[] png(List<Chunk> chunks) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(PNG_SIGNATURE);
        for (Chunk c : chunks) {
            out.writeBytes(chunkBytes(c.type(), c.data(), true));
        }
        return out.toByteArray();
    }

    /** length, type, data and CRC (a wrong CRC when {@code goodCrc} is false). */
    static byte[] chunkBytes(String type, byte[] data, boolean goodCrc) {
        ByteBuffer b = ByteBuffer.allocate(12 + data.length).order(ByteOrder.BIG_ENDIAN);
        byte[] t = type.getBytes(StandardCharsets.US_ASCII);
        b.putInt(data.length).put(t).put(data);
        CRC32 crc = new CRC32();
        crc.update(t);
        crc.update(data);
        b.putInt((int) crc.getValue() ^ (goodCrc ? 0 : 0x5A5A5A5A));
        return b.array();
    }

    static byte[] ihdr(int width, int height, int bitDepth, int colourType, int interlace) {
        return ByteBuffer.allocate(13).order(ByteOrder.BIG_ENDIAN).putInt(width).putInt(height)
                .put((byte) bitDepth).put((byte) colourType).put((byte) 0).put((byte) 0).put((byte) interlace).array();
    }

    /** IHDR fields of a PNG: {width, height, bit depth, colour type, interlace}. */
    static int[] pngHeader(byte[] png) {
        Chunk ihdr = pngChunks(png).get(0);
        ByteBuffer b = ByteBuffer.wrap(ihdr.data()).order(ByteOrder.BIG_ENDIAN);
        return new int[] {b.getInt(), b.getInt(), b.get() & 0xFF, b.get() & 0xFF, b.get(12) & 0xFF};
    }

    static boolean hasChunk(byte[] png, String type) {
        return pngChunks(png).stream().anyMatch(c -> c.type().equals(type));
    }

    /** {@code png} with {@code extra} inserted right after IHDR (where iCCP must go). */
    static byte[] withChunkAfterIhdr(byte[] png, Chunk extra) {
        List<Chunk> chunks = new ArrayList<>(pngChunks(png));
        chunks.add(1, extra);
        return png(chunks);
    }

    /** An iCCP chunk: profile name, NUL, compression method 0, zlib data. */
    static Chunk iccpChunk(String name, byte[] profile) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(name.getBytes(StandardCharsets.ISO_8859_1));
        out.write(0);
        out.write(0);
        out.writeBytes(deflate(profile));
        return new Chunk("iCCP", out.toByteArray());
    }

    static byte[] deflate(byte[] data) {
        Deflater deflater = new Deflater(Deflater.BEST_COMPRESSION);
        try {
            deflater.setInput(data);
            deflater.finish();
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            byte[] buffer = new byte[8192];
            while (!deflater.finished()) {
                out.write(buffer, 0, deflater.deflate(buffer));
            }
            return out.toByteArray();
        } finally {
            deflater.end();
        }
    }

    // ---------------------------------------------------------------- WebP by hand

    /**
     * A lossless WebP (VP8L, RFC 9649) of {@code image}, written without any transform or colour
     * cache: every pixel is a literal coded with "simple" prefix codes of one or two 8-bit symbols
     * per channel, so each channel may take at most two distinct values in the whole picture (true of
     * the quadrant pictures here). One bit or none per channel and pixel: a 16x16 picture is ~150 bytes.
     */
    static byte[] losslessWebp(BufferedImage image) {
        int w = image.getWidth();
        int h = image.getHeight();
        int[] argb = image.getRGB(0, 0, w, h, null, 0, w);
        boolean alpha = image.getColorModel().hasAlpha();
        // channels in VP8L code order: green, red, blue, alpha
        int[] shifts = {8, 16, 0, 24};
        int[][] symbols = new int[4][];
        for (int c = 0; c < 4; c++) {
            java.util.TreeSet<Integer> values = new java.util.TreeSet<>();
            for (int p : argb) {
                values.add(alpha || c != 3 ? (p >>> shifts[c]) & 0xFF : 0xFF);
            }
            if (values.size() > 2) {
                throw new IllegalArgumentException("channel " + c + " takes " + values.size() + " values; at most 2");
            }
            symbols[c] = values.stream().mapToInt(Integer::intValue).toArray();
        }
        BitWriter bits = new BitWriter();
        bits.write(w - 1, 14);
        bits.write(h - 1, 14);
        bits.write(alpha ? 1 : 0, 1);
        bits.write(0, 3);           // version
        bits.write(0, 1);           // no transform
        bits.write(0, 1);           // no colour cache
        bits.write(0, 1);           // no meta prefix codes
        for (int c = 0; c < 4; c++) {
            simpleCode(bits, symbols[c]);
        }
        simpleCode(bits, new int[] {0}); // distance code: never used
        for (int p : argb) {
            for (int c = 0; c < 4; c++) {
                if (symbols[c].length == 2) {
                    int v = alpha || c != 3 ? (p >>> shifts[c]) & 0xFF : 0xFF;
                    // Canonical codes: of two one-bit codes the smaller symbol gets 0.
                    bits.write(v == symbols[c][1] ? 1 : 0, 1);
                }
            }
        }
        byte[] vp8l = bits.bytes();
        int chunk = 1 + vp8l.length;
        int padded = chunk + (chunk & 1);
        ByteBuffer b = ByteBuffer.allocate(12 + 8 + padded).order(ByteOrder.LITTLE_ENDIAN);
        b.put("RIFF".getBytes(StandardCharsets.US_ASCII)).putInt(4 + 8 + padded).put("WEBP".getBytes(StandardCharsets.US_ASCII));
        b.put("VP8L".getBytes(StandardCharsets.US_ASCII)).putInt(chunk).put((byte) 0x2F).put(vp8l);
        return b.array();
    }

    private static void simpleCode(BitWriter bits, int[] symbols) {
        bits.write(1, 1);                      // simple code
        bits.write(symbols.length - 1, 1);     // one or two symbols
        bits.write(1, 1);                      // first symbol has 8 bits
        bits.write(symbols[0], 8);
        if (symbols.length == 2) {
            bits.write(symbols[1], 8);
        }
    }

    /** Least significant bit first, as VP8L reads. */
    private static final class BitWriter {
        private final ByteArrayOutputStream out = new ByteArrayOutputStream();
        private long buffer;
        private int count;

        void write(int value, int n) {
            buffer |= (long) (value & ((1 << n) - 1)) << count;
            count += n;
            while (count >= 8) {
                out.write((int) (buffer & 0xFF));
                buffer >>>= 8;
                count -= 8;
            }
        }

        byte[] bytes() {
            if (count > 0) {
                out.write((int) (buffer & 0xFF));
                buffer = 0;
                count = 0;
            }
            return out.toByteArray();
        }
    }

    // ---------------------------------------------------------------- looking at results

    /** The mean colour (0xRRGGBB) of a w x h box centred on (cx, cy), clipped to the image. */
    static int meanRgb(BufferedImage image, int cx, int cy, int radius) {
        long r = 0;
        long g = 0;
        long b = 0;
        int n = 0;
        for (int y = Math.max(0, cy - radius); y <= Math.min(image.getHeight() - 1, cy + radius); y++) {
            for (int x = Math.max(0, cx - radius); x <= Math.min(image.getWidth() - 1, cx + radius); x++) {
                int p = image.getRGB(x, y);
                r += (p >> 16) & 0xFF;
                g += (p >> 8) & 0xFF;
                b += p & 0xFF;
                n++;
            }
        }
        return (int) (r / n) << 16 | (int) (g / n) << 8 | (int) (b / n);
    }

    /** The largest difference of one channel between two 0xRRGGBB colours. */
    static int distance(int rgb1, int rgb2) {
        int d = 0;
        for (int shift = 0; shift <= 16; shift += 8) {
            d = Math.max(d, Math.abs(((rgb1 >> shift) & 0xFF) - ((rgb2 >> shift) & 0xFF)));
        }
        return d;
    }

    /** Fails with both colours in hex when one channel differs by more than {@code tolerance}. */
    static void assertColour(int actual, int expected, int tolerance, String what) {
        org.assertj.core.api.Assertions.assertThat(distance(actual, expected))
                .as("%s: got %s, expected %s (tolerance %d per channel)", what, hex(actual), hex(expected), tolerance)
                .isLessThanOrEqualTo(tolerance);
    }

    static String hex(int rgb) {
        return String.format("#%06X", rgb & 0xFFFFFF);
    }

    /** Colours at the centres of the four quadrants: top-left, top-right, bottom-left, bottom-right. */
    static int[] quadrantColours(BufferedImage image) {
        int w = image.getWidth();
        int h = image.getHeight();
        int r = Math.max(0, Math.min(w, h) / 8);
        return new int[] {meanRgb(image, w / 4, h / 4, r), meanRgb(image, 3 * w / 4, h / 4, r),
                meanRgb(image, w / 4, 3 * h / 4, r), meanRgb(image, 3 * w / 4, 3 * h / 4, r)};
    }
}

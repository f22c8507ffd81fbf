package io.imagepipe.core;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.CRC32;
import java.util.zip.Deflater;

/**
 * PNG files taken apart into chunks and assembled from chunks by hand: to read IHDR fields, add an
 * iCCP chunk, or build files ImageIO would not write (wrong CRCs, size bombs).
 */
final class PngFiles {
    private PngFiles() {
    }

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
}

package io.imagepipe.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.awt.image.BufferedImage;
import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Decompression bombs by declared dimensions, in every input format: a small valid file whose
 * header claims gigapixels is refused as too_large from its header, by the probe and by
 * processing, without allocating the pixels.
 */
class DeclaredDimensionBombTest {
    private final ImageProcessor processor = new ImageProcessor(Limits.DEFAULT);

    static Stream<Arguments> bombs() {
        BufferedImage image = TestImages.quadrants(40, 30);
        return Stream.of(
                Arguments.of("jpeg", jpegClaiming(TestImages.jpeg(image), 65_000, 65_000)),
                Arguments.of("progressive jpeg", jpegClaiming(TestImages.progressiveJpeg(image), 65_000, 65_000)),
                Arguments.of("png", pngClaiming(TestImages.png(image), 100_000, 100_000)),
                Arguments.of("gif", gifClaiming(TestImages.imageIo(image, "gif"))),
                Arguments.of("bmp", bmpClaiming(TestImages.imageIo(image, "bmp"), 100_000, 100_000)),
                Arguments.of("tiff", tiffClaiming(TestImages.imageIo(image, "tiff"), 60_000, 60_000)),
                Arguments.of("lossless webp", webpClaimingMaximum(LosslessWebp.encode(image))));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("bombs")
    void aHeaderClaimingGigapixelsIsRefusedAsTooLargeWithoutAllocatingThem(String format, byte[] bomb)
            throws ImageException {
        processor.process(TestImages.png(TestImages.quadrants(8, 8)), Specs.parse("a=4x4:fit")); // warm up ImageIO
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long thread = Thread.currentThread().getId();
        long before = threads.getThreadAllocatedBytes(thread);

        ImageTooLargeException probed = catchThrowableOfType(ImageTooLargeException.class, () -> processor.probe(bomb));
        ImageTooLargeException processed = catchThrowableOfType(ImageTooLargeException.class,
                () -> processor.process(bomb, Specs.DEFAULT));

        long allocated = threads.getThreadAllocatedBytes(thread) - before;
        assertThat(probed).as("probe of %s", format).isNotNull();
        assertThat(processed).as("processing of %s", format).isNotNull();
        assertThat(probed.reason()).isEqualTo("too_large");
        assertThat(probed.value()).isGreaterThan(Limits.DEFAULT.maxSourcePixels());
        assertThat(allocated).as("bytes allocated refusing %s", format).isLessThan(32L << 20);
    }

    /** Patches the first SOFn frame header's height and width. */
    static byte[] jpegClaiming(byte[] jpeg, int width, int height) {
        byte[] b = jpeg.clone();
        for (int i = 2; i + 9 < b.length; ) {
            if ((b[i] & 0xFF) != 0xFF) {
                throw new IllegalStateException("not a marker at " + i);
            }
            int marker = b[i + 1] & 0xFF;
            int length = (b[i + 2] & 0xFF) << 8 | (b[i + 3] & 0xFF);
            if (marker >= 0xC0 && marker <= 0xCF && marker != 0xC4 && marker != 0xC8 && marker != 0xCC) {
                b[i + 5] = (byte) (height >> 8);
                b[i + 6] = (byte) height;
                b[i + 7] = (byte) (width >> 8);
                b[i + 8] = (byte) width;
                return b;
            }
            i += 2 + length;
        }
        throw new IllegalStateException("no SOF");
    }

    static byte[] pngClaiming(byte[] png, int width, int height) {
        var chunks = new java.util.ArrayList<>(PngFiles.pngChunks(png));
        PngFiles.Chunk ihdr = chunks.get(0);
        byte[] data = ihdr.data().clone();
        ByteBuffer.wrap(data).putInt(0, width).putInt(4, height);
        chunks.set(0, new PngFiles.Chunk("IHDR", data));
        return PngFiles.png(chunks);
    }

    /** Logical screen and the first image descriptor both 65535x65535. */
    static byte[] gifClaiming(byte[] gif) {
        byte[] b = gif.clone();
        for (int i : new int[] {6, 7, 8, 9}) {
            b[i] = (byte) 0xFF;
        }
        int descriptor = -1;
        int at = 13 + ((b[10] & 0x80) != 0 ? 3 * (1 << ((b[10] & 0x07) + 1)) : 0);
        while (at < b.length) {
            int block = b[at] & 0xFF;
            if (block == 0x2C) {
                descriptor = at;
                break;
            }
            if (block == 0x21) { // extension: label, then sub-blocks
                at += 2;
                while (at < b.length && b[at] != 0) {
                    at += 1 + (b[at] & 0xFF);
                }
                at++;
                continue;
            }
            break;
        }
        if (descriptor < 0) {
            throw new IllegalStateException("no image descriptor");
        }
        for (int i = 5; i <= 8; i++) {
            b[descriptor + i] = (byte) 0xFF;
        }
        return b;
    }

    static byte[] bmpClaiming(byte[] bmp, int width, int height) {
        byte[] b = bmp.clone();
        ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN).putInt(18, width).putInt(22, height);
        return b;
    }

    /** Rewrites ImageWidth (256) and ImageLength (257) in the first IFD. */
    static byte[] tiffClaiming(byte[] tiff, int width, int height) {
        byte[] b = tiff.clone();
        ByteBuffer buf = ByteBuffer.wrap(b).order(b[0] == 'I' ? ByteOrder.LITTLE_ENDIAN : ByteOrder.BIG_ENDIAN);
        int ifd = buf.getInt(4);
        int entries = buf.getShort(ifd) & 0xFFFF;
        for (int e = 0; e < entries; e++) {
            int at = ifd + 2 + 12 * e;
            int tag = buf.getShort(at) & 0xFFFF;
            int type = buf.getShort(at + 2) & 0xFFFF;
            if (tag == 256 || tag == 257) {
                int value = tag == 256 ? width : height;
                if (type == 3) {
                    buf.putShort(at + 8, (short) value);
                } else {
                    buf.putInt(at + 8, value);
                }
            }
        }
        return b;
    }

    /** VP8L: 14 bits width-1 and 14 bits height-1 after the 0x2f signature, all ones: 16384x16384. */
    static byte[] webpClaimingMaximum(byte[] webp) {
        byte[] b = webp.clone();
        int data = 20;
        if (!new String(b, 12, 4, java.nio.charset.StandardCharsets.ISO_8859_1).equals("VP8L") || b[data] != 0x2f) {
            throw new IllegalStateException("not a simple lossless WebP");
        }
        b[data + 1] = (byte) 0xFF;
        b[data + 2] = (byte) 0xFF;
        b[data + 3] = (byte) 0xFF;
        b[data + 4] = (byte) ((b[data + 4] & 0xF0) | 0x0F);
        return b;
    }
}

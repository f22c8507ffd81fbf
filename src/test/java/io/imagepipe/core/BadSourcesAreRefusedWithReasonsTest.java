package io.imagepipe.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Sources that cannot become renditions fail with the typed exception whose reason a user can act
 * on: unsupported (named), too large (which limit), corrupt. Never an unchecked exception, never a
 * half-grey rendition, never a big allocation for a lying header.
 */
class BadSourcesAreRefusedWithReasonsTest {
    private final ImageProcessor processor = new ImageProcessor(Limits.DEFAULT);

    @Test
    void truncatedBaselineJpegIsCorrupt() {
        byte[] jpeg = TestImages.jpeg(TestImages.quadrants(400, 300));

        assertCorrupt(Arrays.copyOf(jpeg, jpeg.length / 2));
    }

    @Test
    void truncatedProgressiveJpegIsCorrupt() {
        byte[] jpeg = TestImages.progressiveJpeg(TestImages.quadrants(400, 300));

        assertCorrupt(Arrays.copyOf(jpeg, jpeg.length / 2));
    }

    @Test
    void jpegCutInsideItsHeaderIsCorrupt() {
        byte[] jpeg = TestImages.jpeg(TestImages.quadrants(400, 300));

        assertCorrupt(Arrays.copyOf(jpeg, 40));
    }

    @Test
    void zeroBytesAreUnsupportedAndNamedEmpty() {
        UnsupportedImageException e = unsupported(new byte[0]);

        assertThat(e.detected()).contains("empty");
        assertThat(e.getMessage()).contains("empty");
        assertThat(e.reason()).isEqualTo("unsupported");
    }

    @Test
    void textNamedJpgIsUnsupportedText() {
        // A name like "photo.jpg" plays no part: only the bytes do.
        UnsupportedImageException e = unsupported("this is not a photo, just a note\n".getBytes(StandardCharsets.UTF_8));

        assertThat(e.detected()).isEqualTo("text");
        assertThat(e.getMessage()).contains("text").contains("supported: JPEG, PNG");
    }

    static Stream<Arguments> otherFormats() {
        return Stream.of(
                Arguments.of(concat(new byte[] {0, 0, 0, 0x18}, "ftypheic\0\0\0\0mif1heic"), "HEIC/HEIF"),
                Arguments.of(concat(new byte[] {0, 0, 0, 0x1C}, "ftypavif\0\0\0\0avifmif1"), "AVIF"),
                Arguments.of(ascii("%PDF-1.7\n%\u00B5\u00B5\u00B5\u00B5\n1 0 obj"), "PDF"),
                Arguments.of(ascii("<?xml version=\"1.0\"?>\n<svg xmlns=\"http://www.w3.org/2000/svg\"/>"), "SVG"),
                Arguments.of(ascii("<svg width=\"10\" height=\"10\"></svg>"), "SVG"),
                Arguments.of(ascii("<!DOCTYPE html><html><body>no picture</body></html>"), "HTML"),
                Arguments.of(concat(new byte[] {'P', 'K', 3, 4, 0x14, 0, 0, 0}, ""), "ZIP archive"),
                Arguments.of(concat(new byte[] {'8', 'B', 'P', 'S', 0, 1, 0, 0, 0, 0}, ""), "Photoshop PSD"));
    }

    @ParameterizedTest(name = "{1}")
    @MethodSource("otherFormats")
    void otherFormatsAreNamed(byte[] bytes, String name) {
        UnsupportedImageException e = unsupported(bytes);

        assertThat(e.detected()).isEqualTo(name);
        assertThat(e.getMessage()).contains(name);
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    private static byte[] concat(byte[] head, String tail) {
        byte[] t = ascii(tail);
        byte[] out = Arrays.copyOf(head, head.length + t.length);
        System.arraycopy(t, 0, out, head.length, t.length);
        return out;
    }

    @Test
    void unknownBinaryIsNamedByItsFirstBytes() {
        UnsupportedImageException e = unsupported(new byte[] {0x01, 0x02, (byte) 0xFE, 0x00, 0x10});

        assertThat(e.detected()).contains("0x0102fe0010");
    }

    @Test
    void formatIsTakenFromTheBytesNotTheName() throws ImageException {
        // PNG bytes are PNG however they were named or typed by the uploader.
        SourceInfo info = processor.probe(TestImages.png(TestImages.quadrants(10, 10)));

        assertThat(info.format()).isEqualTo(ImageFormat.PNG);
        assertThat(new FormatDetector().detect(TestImages.jpeg(TestImages.quadrants(10, 10)))).isEqualTo(ImageFormat.JPEG);
    }

    @Test
    void pngDeclaringTenGigapixelsIsRefusedFromItsHeaderWithoutAllocating() throws ImageException {
        byte[] bomb = PngFiles.png(List.of(
                new PngFiles.Chunk("IHDR", PngFiles.ihdr(100_000, 100_000, 8, 2, 0)),
                new PngFiles.Chunk("IDAT", PngFiles.deflate(new byte[1000])),
                new PngFiles.Chunk("IEND", new byte[0])));
        assertThat(bomb.length).isLessThan(200);
        // Warm up the ImageIO registry and class loading on a harmless image first.
        processor.process(TestImages.png(TestImages.quadrants(8, 8)), Specs.parse("a=4x4:fit"));
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long thread = Thread.currentThread().getId();
        long before = threads.getThreadAllocatedBytes(thread);

        ImageTooLargeException probed = catchThrowableOfType(ImageTooLargeException.class, () -> processor.probe(bomb));
        ImageTooLargeException processed = catchThrowableOfType(ImageTooLargeException.class,
                () -> processor.process(bomb, Specs.DEFAULT));

        long allocated = threads.getThreadAllocatedBytes(thread) - before;
        for (ImageTooLargeException e : new ImageTooLargeException[] {probed, processed}) {
            assertThat(e).isNotNull();
            assertThat(e.limit()).contains("pixels");
            assertThat(e.getMessage()).contains("pixels").contains("100000x100000").contains("50000000");
            assertThat(e.value()).isEqualTo(10_000_000_000L);
            assertThat(e.reason()).isEqualTo("too_large");
        }
        assertThat(allocated).as("bytes allocated while refusing").isLessThan(4L * 1024 * 1024);
    }

    @Test
    void pixelLimitIsConfigurable() {
        ImageProcessor strict = new ImageProcessor(new Limits(Limits.DEFAULT.maxSourceBytes(), 1000));

        ImageTooLargeException e = catchThrowableOfType(ImageTooLargeException.class,
                () -> strict.process(TestImages.jpeg(TestImages.quadrants(40, 30)), Specs.DEFAULT));

        assertThat(e.getMessage()).contains("pixels").contains("40x30");
        assertThat(e.max()).isEqualTo(1000);
    }

    @Test
    void byteLimitIsCheckedBeforeAnythingElse() {
        byte[] png = TestImages.png(TestImages.quadrants(200, 200));
        ImageProcessor strict = new ImageProcessor(new Limits(png.length - 1, Limits.DEFAULT.maxSourcePixels()));

        ImageTooLargeException e = catchThrowableOfType(ImageTooLargeException.class, () -> strict.probe(png));

        assertThat(e.limit()).contains("bytes");
        assertThat(e.getMessage()).contains("bytes").contains(String.valueOf(png.length));
        assertThat(e.value()).isEqualTo(png.length);
        // Even garbage of that size is refused for its size, not its content.
        assertThatThrownBy(() -> strict.process(new byte[png.length], Specs.DEFAULT))
                .isInstanceOf(ImageTooLargeException.class).hasMessageContaining("bytes");
    }

    @Test
    void limitsMustBePositive() {
        assertThatThrownBy(() -> new Limits(0, 10)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Limits(10, -1)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void damagedPngDataIsCorrupt() {
        byte[] png = TestImages.png(TestImages.quadrants(64, 64));
        List<PngFiles.Chunk> chunks = new ArrayList<>(PngFiles.pngChunks(png));
        for (int i = 0; i < chunks.size(); i++) {
            if (chunks.get(i).type().equals("IDAT")) {
                byte[] data = chunks.get(i).data().clone();
                for (int j = 2; j < data.length; j += 3) {
                    data[j] ^= (byte) 0xA5; // damage the deflate stream; the chunk CRC is recomputed and valid
                }
                chunks.set(i, new PngFiles.Chunk("IDAT", data));
            }
        }

        assertCorrupt(PngFiles.png(chunks));
    }

    @Test
    void pngWithoutImageDataIsCorrupt() {
        byte[] png = TestImages.png(TestImages.quadrants(64, 64));
        List<PngFiles.Chunk> chunks = new ArrayList<>(PngFiles.pngChunks(png));
        chunks.removeIf(c -> c.type().equals("IDAT"));

        assertCorrupt(PngFiles.png(chunks));
    }

    @Test
    void pngCutShortIsCorrupt() {
        byte[] png = TestImages.png(TestImages.bands(300, 300, true, 0x123456, 0xABCDEF, 0x777777));

        assertCorrupt(Arrays.copyOf(png, png.length / 2));
    }

    @Test
    void pngWithDamagedHeaderChecksumIsCorrupt() {
        // The IHDR is the one chunk whose numbers are trusted before decoding (size limits).
        byte[] png = TestImages.png(TestImages.quadrants(64, 64));
        List<PngFiles.Chunk> chunks = PngFiles.pngChunks(png);
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        out.writeBytes(PngFiles.PNG_SIGNATURE);
        out.writeBytes(PngFiles.chunkBytes("IHDR", chunks.get(0).data(), false));
        for (PngFiles.Chunk c : chunks.subList(1, chunks.size())) {
            out.writeBytes(PngFiles.chunkBytes(c.type(), c.data(), true));
        }

        assertCorrupt(out.toByteArray());
    }

    @Test
    void emptyRenditionListIsAProgrammingError() {
        assertThatThrownBy(() -> processor.process(TestImages.png(TestImages.quadrants(8, 8)), List.of()))
                .isInstanceOf(IllegalArgumentException.class);
    }

    private void assertCorrupt(byte[] bytes) {
        Throwable thrown = catchThrowable(bytes);
        assertThat(thrown).isInstanceOf(CorruptImageException.class);
        assertThat(((ImageException) thrown).reason()).isEqualTo("corrupt");
        assertThat(thrown.getMessage()).isNotBlank();
    }

    private UnsupportedImageException unsupported(byte[] bytes) {
        Throwable thrown = catchThrowable(bytes);
        assertThat(thrown).isInstanceOf(UnsupportedImageException.class);
        return (UnsupportedImageException) thrown;
    }

    /** Whatever {@code probe} then {@code process} throw first; fails if both succeed. */
    private Throwable catchThrowable(byte[] bytes) {
        try {
            SourceInfo info = processor.probe(bytes);
            processor.process(bytes, info, Specs.DEFAULT);
        } catch (Throwable t) {
            return t;
        }
        throw new AssertionError("accepted " + bytes.length + " bad bytes");
    }
}

package io.imagepipe.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** EXIF (with GPS), comments and text chunks of the source never reach a rendition. */
class RenditionsCarryNoMetadataTest {
    private static final String COMMENT = "secret-comment-from-the-camera";

    private final ImageProcessor processor = new ImageProcessor(Limits.DEFAULT);

    @Test
    void jpegExifGpsAndCommentAreStripped() throws ImageException {
        byte[] source = JpegSegments.withComment(
                JpegSegments.withExif(TestImages.jpeg(TestImages.quadrants(200, 100)), 1, true), COMMENT);
        assertThat(JpegSegments.jpegMarkers(source)).as("the source has them").contains(0xE1, 0xFE);
        assertThat(JpegSegments.containsAscii(source, "Exif")).isTrue();

        ProcessedImage result = processor.process(source, Specs.parse("a=100x100:fit,b=50x50:fill,c=80x0:fit:png"));

        for (Rendition r : result.renditions()) {
            assertThat(JpegSegments.containsAscii(r.bytes(), "Exif")).as(r.name() + " has no Exif").isFalse();
            assertThat(JpegSegments.containsAscii(r.bytes(), COMMENT)).as(r.name() + " has no comment").isFalse();
            if (r.format() == ImageFormat.JPEG) {
                assertThat(JpegSegments.jpegMarkers(r.bytes())).as(r.name() + " segments")
                        .doesNotContain(0xE1, 0xFE, 0xED);
            } else {
                assertThat(PngFiles.pngChunks(r.bytes())).extracting(PngFiles.Chunk::type)
                        .doesNotContain("eXIf", "tEXt", "zTXt", "iTXt");
            }
        }
    }

    @Test
    void pngTextAndExifChunksAreStripped() throws ImageException {
        byte[] png = TestImages.png(TestImages.quadrants(64, 64));
        List<PngFiles.Chunk> chunks = new ArrayList<>(PngFiles.pngChunks(png));
        chunks.add(1, new PngFiles.Chunk("tEXt", ("Comment\0" + COMMENT).getBytes(StandardCharsets.ISO_8859_1)));
        // eXIf holds a bare TIFF structure (no "Exif\0\0" prefix); orientation 1 so nothing turns.
        byte[] exif = JpegSegments.exifPayload(1, true);
        chunks.add(1, new PngFiles.Chunk("eXIf", Arrays.copyOfRange(exif, 6, exif.length)));
        byte[] source = PngFiles.png(chunks);

        Rendition r = processor.process(source, Specs.parse("a=32x32:fit")).renditions().get(0);

        assertThat(r.format()).isEqualTo(ImageFormat.PNG);
        assertThat(PngFiles.pngChunks(r.bytes())).extracting(PngFiles.Chunk::type)
                .doesNotContain("eXIf", "tEXt", "zTXt", "iTXt");
        assertThat(JpegSegments.containsAscii(r.bytes(), COMMENT)).isFalse();
    }
}

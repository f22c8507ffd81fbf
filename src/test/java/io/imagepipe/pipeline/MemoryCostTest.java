package io.imagepipe.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import io.imagepipe.core.ImageFormat;
import io.imagepipe.core.SourceInfo;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The budget charges what decoders really allocate, and the source bytes. */
class MemoryCostTest {
    private static final int SIDE = 7000;

    private static byte[] webp(String firstChunk, int length) {
        byte[] b = new byte[length];
        System.arraycopy("RIFF".getBytes(StandardCharsets.ISO_8859_1), 0, b, 0, 4);
        System.arraycopy("WEBP".getBytes(StandardCharsets.ISO_8859_1), 0, b, 8, 4);
        System.arraycopy(firstChunk.getBytes(StandardCharsets.ISO_8859_1), 0, b, 12, 4);
        return b;
    }

    private static SourceInfo info(ImageFormat format, long bytes) {
        return new SourceInfo(format, bytes, SIDE, SIDE, 1, false, false);
    }

    @Test
    void losslessWebpIsChargedAtFullSizeWhateverTheSubsampling() {
        byte[] source = webp("VP8L", 1_000_000);

        long units = MemoryCost.units(info(ImageFormat.WEBP, source.length), 1_000_000, source);

        assertThat(units).isGreaterThanOrEqualTo((long) SIDE * SIDE + 2 * 1_000_000 / 8);
    }

    @Test
    void lossyWebpAndJpegAreChargedTheirSubsampledPixelsPlusTheSourceBytes() {
        byte[] lossy = webp("VP8 ", 800_000);
        assertThat(MemoryCost.units(info(ImageFormat.WEBP, lossy.length), 3_062_500, lossy))
                .isEqualTo(3_062_500 + 100_000);
        byte[] jpeg = new byte[800_000];
        assertThat(MemoryCost.units(info(ImageFormat.JPEG, jpeg.length), 3_062_500, jpeg))
                .isEqualTo(3_062_500 + 100_000);
    }

    @Test
    void tiffIsChargedAtFullSizeWithTheProbeCopy() {
        byte[] tiff = new byte[8_000_000];

        assertThat(MemoryCost.units(info(ImageFormat.TIFF, tiff.length), 1_000, tiff))
                .isEqualTo((long) SIDE * SIDE + 2_000_000);
    }

    @Test
    void anExtendedWebpIsLosslessWhenItsImageChunkIsVp8l() {
        byte[] b = webp("VP8X", 64);
        b[16] = 10; // VP8X payload is 10 bytes
        System.arraycopy("VP8L".getBytes(StandardCharsets.ISO_8859_1), 0, b, 30, 4);
        assertThat(MemoryCost.losslessWebp(b)).isTrue();
        System.arraycopy("VP8 ".getBytes(StandardCharsets.ISO_8859_1), 0, b, 30, 4);
        assertThat(MemoryCost.losslessWebp(b)).isFalse();
    }
}

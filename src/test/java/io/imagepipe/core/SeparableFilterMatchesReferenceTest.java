package io.imagepipe.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The specialised loops of {@link SeparableFilter} (straight-line code per tap count, zero-padded
 * windows, four rows at a time) against the plain definition of the same fixed-point arithmetic:
 * every output sample is HALF plus the weighted sum of its taps, shifted right by BITS and clamped.
 */
class SeparableFilterMatchesReferenceTest {

    @Test
    void everyPassGivesTheReferenceBytesOnRandomPlanesSizesAndRatios() {
        Random random = new Random(20261201);
        ResampleKernel[] kernels = ResampleKernel.values();
        for (int round = 0; round < 600; round++) {
            int width = size(random);
            int height = size(random);
            int outWidth = target(random, width);
            int outHeight = target(random, height);
            ResampleKernel kernel = kernels[random.nextInt(kernels.length)];
            FilterWeights wx = random.nextBoolean() ? FilterWeights.of(kernel, width, outWidth)
                    : FilterWeights.of(kernel, width, outWidth, random.nextDouble() * 0.7,
                    (width - 0.7) / outWidth * (0.8 + 0.4 * random.nextDouble()));
            FilterWeights wy = FilterWeights.of(kernel, height, outHeight);
            int channels = random.nextInt(3) == 0 ? 1 + random.nextInt(4) : 1;
            byte[] src = new byte[width * height * channels];
            random.nextBytes(src);
            String what = String.format("%s %dx%dx%d -> %dx%d", kernel, width, height, channels, outWidth, outHeight);

            assertThat(SeparableFilter.vertical(src, width * channels, wy)).as("vertical " + what)
                    .isEqualTo(referenceVertical(src, width * channels, wy));
            assertThat(SeparableFilter.horizontal(src, width, height, channels, wx)).as("horizontal " + what)
                    .isEqualTo(referenceHorizontal(src, width, height, channels, wx));
        }
    }

    private static int size(Random random) {
        return switch (random.nextInt(4)) {
            case 0 -> 1 + random.nextInt(3);
            case 1 -> 4 + random.nextInt(20);
            default -> 24 + random.nextInt(400);
        };
    }

    private static int target(Random random, int length) {
        // mostly down (up to 4x, the filter's range before box halving), sometimes up to 3x
        double ratio = random.nextInt(4) == 0 ? 1.0 / (1 + 2 * random.nextDouble()) : 1 + 3 * random.nextDouble();
        return Math.max(1, (int) Math.round(length / ratio));
    }

    private static byte[] referenceVertical(byte[] src, int rowBytes, FilterWeights weights) {
        int rows = weights.length();
        byte[] dst = new byte[rows * rowBytes];
        for (int y = 0; y < rows; y++) {
            for (int i = 0; i < rowBytes; i++) {
                long sum = FilterWeights.ONE / 2;
                for (int k = 0; k < weights.count(y); k++) {
                    sum += (long) weights.weights()[weights.offset(y) + k]
                            * (src[(weights.start(y) + k) * rowBytes + i] & 0xff);
                }
                dst[y * rowBytes + i] = (byte) Math.max(0, Math.min(255, sum >> FilterWeights.BITS));
            }
        }
        return dst;
    }

    private static byte[] referenceHorizontal(byte[] src, int width, int height, int channels, FilterWeights weights) {
        int outWidth = weights.length();
        byte[] dst = new byte[outWidth * height * channels];
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < outWidth; x++) {
                for (int c = 0; c < channels; c++) {
                    long sum = FilterWeights.ONE / 2;
                    for (int k = 0; k < weights.count(x); k++) {
                        sum += (long) weights.weights()[weights.offset(x) + k]
                                * (src[(y * width + weights.start(x) + k) * channels + c] & 0xff);
                    }
                    dst[(y * outWidth + x) * channels + c] = (byte) Math.max(0, Math.min(255, sum >> FilterWeights.BITS));
                }
            }
        }
        return dst;
    }
}

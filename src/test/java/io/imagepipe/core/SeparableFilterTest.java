package io.imagepipe.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SeparableFilterTest {

    @ParameterizedTest
    @CsvSource({"1,1,1,1", "1,9,1,3", "9,1,3,1", "7,5,3,2", "5,7,2,3", "64,48,17,13", "33,33,32,32", "300,2,100,1"})
    void aFlatPictureStaysExactlyFlatAtTheExactSize(int width, int height, int outWidth, int outHeight) {
        for (int channels : new int[] {3, 4}) {
            byte[] src = new byte[width * height * channels];
            for (int i = 0; i < src.length; i++) {
                src[i] = (byte) (40 + 60 * (i % channels));
            }
            for (ResampleKernel kernel : ResampleKernel.values()) {
                byte[] out = SeparableFilter.resample(src, width, height, channels,
                        FilterWeights.of(kernel, width, outWidth), FilterWeights.of(kernel, height, outHeight));
                assertThat(out).hasSize(outWidth * outHeight * channels);
                for (int i = 0; i < out.length; i++) {
                    assertThat(out[i] & 0xff).as("%s byte %d", kernel, i).isEqualTo(40 + 60 * (i % channels));
                }
            }
        }
    }

    @ParameterizedTest
    @CsvSource({"37,23,10,6", "10,10,3,3", "2,50,1,7"})
    void staysInsideTheByteRangeWhereTheKernelOvershoots(int width, int height, int outWidth, int outHeight) {
        byte[] src = new byte[width * height * 3];
        new Random(42).nextBytes(src); // noise: the negative lobes overshoot everywhere
        byte[] out = SeparableFilter.resample(src, width, height, 3,
                FilterWeights.of(ResampleKernel.LANCZOS3, width, outWidth),
                FilterWeights.of(ResampleKernel.LANCZOS3, height, outHeight));
        assertThat(out).hasSize(outWidth * outHeight * 3); // clamped into bytes, no exception
    }

    @ParameterizedTest
    @CsvSource({"3", "4"})
    void halvingByFilterAveragesNeighbours(int channels) {
        // a vertical stripe pattern 0/200 averages to 100 when halved with the triangle kernel at ratio 2
        int width = 8;
        int height = 2;
        byte[] src = new byte[width * height * channels];
        for (int x = 0; x < width; x++) {
            for (int y = 0; y < height; y++) {
                for (int c = 0; c < channels; c++) {
                    src[(y * width + x) * channels + c] = (byte) (x % 2 == 0 ? 0 : 200);
                }
            }
        }
        byte[] out = SeparableFilter.resample(src, width, height, channels,
                FilterWeights.of(ResampleKernel.TRIANGLE, width, 4), FilterWeights.of(ResampleKernel.TRIANGLE, height, 2));
        // away from the edges every output sees the pattern symmetrically
        for (int y = 0; y < 2; y++) {
            for (int x = 1; x < 3; x++) {
                assertThat(out[(y * 4 + x) * channels] & 0xff).isEqualTo(100);
            }
        }
    }

    @ParameterizedTest
    @CsvSource({"37,1,10", "37,2,10", "37,3,10", "37,4,10", "37,9,10", "301,7,160", "5,11,3", "8,6,8"})
    void onePlaneGivesWhatEachChannelOfAnInterleavedPictureGets(int width, int height, int outWidth) {
        // The planar path's one-channel loop (four rows at a time, then the rest) against the
        // three-channel loop on the same samples repeated in every channel.
        byte[] plane = new byte[width * height];
        new Random(7).nextBytes(plane);
        byte[] interleaved = new byte[plane.length * 3];
        for (int i = 0; i < plane.length; i++) {
            interleaved[3 * i] = plane[i];
            interleaved[3 * i + 1] = plane[i];
            interleaved[3 * i + 2] = plane[i];
        }
        FilterWeights weights = FilterWeights.of(ResampleKernel.CATMULL_ROM, width, outWidth);

        byte[] one = SeparableFilter.horizontal(plane, width, height, 1, weights);
        byte[] three = SeparableFilter.horizontal(interleaved, width, height, 3, weights);

        assertThat(one).hasSize(outWidth * height);
        for (int i = 0; i < one.length; i++) {
            assertThat(one[i]).as("sample %d", i).isEqualTo(three[3 * i]);
        }
    }
}

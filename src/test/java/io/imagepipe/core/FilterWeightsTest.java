package io.imagepipe.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class FilterWeightsTest {

    @ParameterizedTest
    @CsvSource({"1,1", "2,1", "5,1", "1,5", "7,3", "3,7", "100,99", "4352,1600", "1600,800", "801,200", "13,13"})
    void everyOutputsWeightsSumToExactlyOneAndStayInsideTheSource(int source, int target) {
        for (ResampleKernel kernel : ResampleKernel.values()) {
            FilterWeights w = FilterWeights.of(kernel, source, target);
            assertThat(w.length()).isEqualTo(target);
            for (int i = 0; i < target; i++) {
                assertThat(w.count(i)).isPositive();
                assertThat(w.start(i)).isBetween(0, source - 1);
                assertThat(w.start(i) + w.count(i)).isLessThanOrEqualTo(source);
                int sum = 0;
                for (int k = 0; k < w.count(i); k++) {
                    sum += w.weights()[w.offset(i) + k];
                }
                assertThat(sum).as("%s %d->%d output %d", kernel, source, target, i).isEqualTo(FilterWeights.ONE);
            }
        }
    }

    @Test
    void reducingStretchesTheKernelOverEverySourceSample() {
        FilterWeights w = FilterWeights.of(ResampleKernel.TRIANGLE, 8, 2);
        // ratio 4: a triangle 4 samples wide either side; the first output covers samples 0..5 at least
        assertThat(w.start(0)).isZero();
        assertThat(w.count(0)).isGreaterThanOrEqualTo(5);
    }

    @Test
    void sameSizeIsTheIdentity() {
        FilterWeights w = FilterWeights.of(ResampleKernel.CATMULL_ROM, 10, 10);
        for (int i = 0; i < 10; i++) {
            for (int k = 0; k < w.count(i); k++) {
                int expected = w.start(i) + k == i ? FilterWeights.ONE : 0;
                assertThat(w.weights()[w.offset(i) + k]).isEqualTo(expected);
            }
        }
    }

    @Test
    void refusesEmptyLengths() {
        assertThatThrownBy(() -> FilterWeights.of(ResampleKernel.TRIANGLE, 0, 1))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> FilterWeights.of(ResampleKernel.TRIANGLE, 1, 0))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void anIntegerOriginMovesTheWindowAndAHalfSampleOriginInterpolates() {
        FilterWeights shifted = FilterWeights.of(ResampleKernel.CATMULL_ROM, 20, 10, 3.0, 1.0);
        for (int i = 0; i < 10; i++) {
            for (int k = 0; k < shifted.count(i); k++) {
                int expected = shifted.start(i) + k == i + 3 ? FilterWeights.ONE : 0;
                assertThat(shifted.weights()[shifted.offset(i) + k]).as("output %d", i).isEqualTo(expected);
            }
        }
        // Half a sample back: output 5 sits between source samples 4 and 5, weighted alike.
        FilterWeights half = FilterWeights.of(ResampleKernel.TRIANGLE, 10, 10, -0.5, 1.0);
        int[] w = half.weights();
        int at4 = 0;
        int at5 = 0;
        for (int k = 0; k < half.count(5); k++) {
            at4 += half.start(5) + k == 4 ? w[half.offset(5) + k] : 0;
            at5 += half.start(5) + k == 5 ? w[half.offset(5) + k] : 0;
        }
        assertThat(at4).isEqualTo(FilterWeights.ONE / 2);
        assertThat(at5).isEqualTo(FilterWeights.ONE / 2);
    }

    @ParameterizedTest
    @CsvSource({"9,5,-0.5,1.8", "9,5,0.75,1.5", "3,2,0,2.0", "5,5,4.5,1.0"})
    void aGeneralMappingStaysInsideTheSourceAndSumsToOne(int source, int target, double origin, double scale) {
        FilterWeights w = FilterWeights.of(ResampleKernel.CATMULL_ROM, source, target, origin, scale);
        for (int i = 0; i < target; i++) {
            assertThat(w.start(i)).isBetween(0, source - 1);
            assertThat(w.start(i) + w.count(i)).isLessThanOrEqualTo(source);
            int sum = 0;
            for (int k = 0; k < w.count(i); k++) {
                sum += w.weights()[w.offset(i) + k];
            }
            assertThat(sum).as("output %d", i).isEqualTo(FilterWeights.ONE);
        }
    }
}

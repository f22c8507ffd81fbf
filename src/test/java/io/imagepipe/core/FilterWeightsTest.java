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
}

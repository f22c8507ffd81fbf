package io.imagepipe.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class ResampleKernelTest {

    @ParameterizedTest
    @EnumSource(ResampleKernel.class)
    void interpolatesOneAtZeroNothingAtOtherWholeDistancesAndNothingBeyondTheSupport(ResampleKernel kernel) {
        assertThat(kernel.weight(0)).isCloseTo(1.0, within(1e-12));
        for (int x = 1; x <= kernel.support(); x++) {
            assertThat(kernel.weight(x)).as("%s at %d", kernel, x).isCloseTo(0.0, within(1e-12));
            assertThat(kernel.weight(-x)).as("%s at %d", kernel, -x).isCloseTo(0.0, within(1e-12));
        }
        assertThat(kernel.weight(kernel.support() + 0.01)).isZero();
    }

    @ParameterizedTest
    @EnumSource(ResampleKernel.class)
    void isContinuousAndSymmetric(ResampleKernel kernel) {
        for (double x = 0; x < kernel.support() + 0.5; x += 0.125) {
            assertThat(kernel.weight(x - 1e-9)).as("%s at %s", kernel, x).isCloseTo(kernel.weight(x + 1e-9), within(1e-6));
            assertThat(kernel.weight(-x)).isEqualTo(kernel.weight(x));
        }
    }

    @Test
    void theSharpCubicDipsDeeperThanCatmullRomAndLessThanLanczos3() {
        double x = 4.0 / 3.0; // where both cubics' negative lobe is deepest
        assertThat(ResampleKernel.CUBIC_SHARP.weight(x)).isCloseTo(-0.75 * 4 / 27, within(1e-12))
                .isLessThan(ResampleKernel.CATMULL_ROM.weight(x))
                .isGreaterThan(ResampleKernel.LANCZOS3.weight(x));
    }
}

package io.imagepipe.core;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Which DCT scale a decode takes for the fraction of each side the renditions need. */
class DecodeScalePolicyTest {

    @ParameterizedTest(name = "{0} -> {1}/8")
    @CsvSource({"0.01,1", "0.125,1", "0.13,2", "0.25,2", "0.3,3", "0.375,3", "0.376,4", "0.5,4"})
    void upToAHalfTakesTheSmallestEighthThatKeepsTheScale(double scale, int eighths) {
        assertThat(ImageDecoder.eighths(scale)).isEqualTo(eighths);
    }

    @ParameterizedTest(name = "{0} -> 8/8")
    @CsvSource({"0.501", "0.55", "0.625", "0.7", "0.875", "0.9", "1.0"})
    void aboveAHalfDecodesTheWholePictureRatherThanAt5To7Eighths(double scale) {
        assertThat(ImageDecoder.eighths(scale)).isEqualTo(8);
    }
}

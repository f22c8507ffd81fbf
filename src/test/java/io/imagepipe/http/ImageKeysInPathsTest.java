package io.imagepipe.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ImageKeysInPathsTest {
    @Test
    void keysArePercentDecodedWithTheirSlashesAndPlusSigns() {
        assertThat(ImageApi.keyOf("/api/images/uploads/abc/%C3%A9t%C3%A9%20a+b.jpg")).isEqualTo("uploads/abc/été a+b.jpg");
        assertThat(ImageApi.keyOf("/api/images/uploads%2Fabc%2Fx.jpg")).isEqualTo("uploads/abc/x.jpg");
    }

    @Test
    void brokenPercentEncodingIsA400() {
        assertThatThrownBy(() -> ImageApi.keyOf("/api/images/uploads/%E0%A4%A.jpg")).isInstanceOf(ApiException.class)
                .satisfies(e -> assertThat(((ApiException) e).status()).isEqualTo(400));
    }

    @Test
    void encodingRoundTrips() {
        String key = "uploads/0b0e/été a+b%.jpg";
        assertThat(ImageApi.encodeKey(key)).isEqualTo("uploads/0b0e/%C3%A9t%C3%A9%20a%2Bb%25.jpg");
        assertThat(ImageApi.keyOf("/api/images/" + ImageApi.encodeKey(key))).isEqualTo(key);
    }
}

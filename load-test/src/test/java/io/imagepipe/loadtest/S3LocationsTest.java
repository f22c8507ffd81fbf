package io.imagepipe.loadtest;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import org.junit.jupiter.api.Test;

class S3LocationsTest {

    @Test
    void pathStyleUrlsCarryTheBucketInThePath() {
        assertThat(new S3Locations(URI.create("http://127.0.0.1:9000/"), true).objectUrl("uploads", "a/b.jpg"))
                .isEqualTo("http://127.0.0.1:9000/uploads/a/b.jpg");
    }

    @Test
    void virtualHostedUrlsCarryTheBucketInTheHost() {
        assertThat(new S3Locations(URI.create("https://s3.eu-west-1.amazonaws.com"), false).objectUrl("my-uploads", "k.jpg"))
                .isEqualTo("https://my-uploads.s3.eu-west-1.amazonaws.com/k.jpg");
    }

    @Test
    void keysArePercentEncodedPerSegmentAsSigV4SignsThem() {
        assertThat(S3Locations.encodeKey("photos/my cat+é~.jpg")).isEqualTo("photos/my%20cat%2B%C3%A9~.jpg");
    }
}

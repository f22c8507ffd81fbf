package io.imagepipe.http;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RejectionsTest {
    @Test
    void unsupportedNamesWhatTheFileIs() {
        assertThat(Rejections.explain("unsupported", "unsupported format: text (supported: JPEG, PNG, GIF, BMP, WebP, TIFF)"))
                .startsWith("This file is not an image imagepipe can read: its content is text, whatever its name says.")
                .contains("JPEG, PNG");
        assertThat(Rejections.explain("unsupported", "unsupported format: PDF (supported: ...)")).contains("is a PDF");
    }

    @Test
    void tooManyPixelsIsSaidInMegapixels() {
        assertThat(Rejections.explain("too_large", "source pixels (10000x8000) 80000000 exceeds the limit of 50000000"))
                .isEqualTo("This image is too large to process: 10000x8000, 80.0 megapixels, and the limit is 50.0."
                        + " Upload a smaller version.");
    }

    @Test
    void everyReasonGetsASentence() {
        assertThat(Rejections.explain("corrupt", "truncated")).contains("damaged or incomplete");
        assertThat(Rejections.explain("s3_AccessDenied", "x")).contains("AccessDenied");
        assertThat(Rejections.explain("something_new", "x")).contains("something_new");
    }
}

package io.imagepipe.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import io.imagepipe.core.CorruptImageException;
import io.imagepipe.core.ImageTooLargeException;
import io.imagepipe.storage.ObjectMissingException;
import io.imagepipe.storage.ObjectTooLargeException;
import java.io.IOException;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Test;

/** How a failed event becomes an Outcome: permanent failures are rejected, the rest retried. */
class ClassifyFailureTest {
    @Test
    void aMissingObjectIsGone() {
        Outcome o = ImagePipeline.classify(new CompletionException(
                new ObjectMissingException("uploads", "cat.jpg", null)));

        assertThat(o).isInstanceOfSatisfying(Outcome.Gone.class,
                g -> assertThat(g.why()).contains("s3://uploads/cat.jpg"));
    }

    @Test
    void anObjectOverTheByteCapIsRejectedAsTooLarge() {
        Outcome o = ImagePipeline.classify(new CompletionException(new ObjectTooLargeException(60_000_000, 52_428_800)));

        assertThat(o).isEqualTo(new Outcome.Rejected("too_large",
                "source bytes 60000000 exceeds the limit of 52428800"));
    }

    @Test
    void imageExceptionsAreRejectedWithTheirReason() {
        assertThat(ImagePipeline.classify(new CompletionException(new CorruptImageException("truncated JPEG"))))
                .isEqualTo(new Outcome.Rejected("corrupt", "truncated JPEG"));
        assertThat(ImagePipeline.classify(new CompletionException(
                new ImageTooLargeException("source pixels (10000x10000)", 100_000_000, 50_000_000))))
                .isInstanceOfSatisfying(Outcome.Rejected.class, r -> assertThat(r.reason()).isEqualTo("too_large"));
    }

    @Test
    void anythingElseIsRetriedWithTheUnwrappedCause() {
        IOException reset = new IOException("connection reset");

        assertThat(ImagePipeline.classify(new CompletionException(reset))).isEqualTo(new Outcome.Retry(reset));
    }
}

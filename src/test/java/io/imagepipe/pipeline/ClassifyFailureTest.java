package io.imagepipe.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import io.imagepipe.core.CorruptImageException;
import io.imagepipe.core.ImageTooLargeException;
import io.imagepipe.storage.ObjectMissingException;
import io.imagepipe.storage.ObjectTooLargeException;
import java.io.IOException;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.services.s3.model.S3Exception;

/** How a failed event becomes an Outcome: permanent failures are rejected, the rest retried. */
class ClassifyFailureTest {
    @Test
    void aMissingObjectIsGone() {
        Outcome o = ImagePipeline.classify(new CompletionException(
                new ObjectMissingException("uploads", "cat.jpg", null)));

        assertThat(o).isInstanceOfSatisfying(Outcome.Gone.class,
                g -> assertThat(g.detail()).contains("s3://uploads/cat.jpg"));
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

    @Test
    void workThatNeverStartedBecauseTheServiceStopsIsReleased() {
        assertThat(ImagePipeline.classify(new CompletionException(new WorkNotStartedException("stopping"))))
                .isEqualTo(new Outcome.Released("stopping"));
    }

    @Test
    void aPermanentS3RefusalIsRejectedWithItsErrorCode() {
        assertThat(ImagePipeline.classify(new CompletionException(s3(403, "InvalidObjectState"))))
                .isInstanceOfSatisfying(Outcome.Rejected.class,
                        r -> assertThat(r.reason()).isEqualTo("s3_InvalidObjectState"));
        assertThat(ImagePipeline.classify(s3(400, "KeyTooLongError")))
                .isInstanceOfSatisfying(Outcome.Rejected.class, r -> assertThat(r.reason()).isEqualTo("s3_KeyTooLongError"));
    }

    @Test
    void throttlingServerErrorsAndAMissingBucketAreRetried() {
        for (S3Exception e : new S3Exception[] {s3(503, "SlowDown"), s3(500, "InternalError"), s3(429, "TooManyRequests"),
                s3(400, "RequestTimeout"), s3(400, "ExpiredToken"), s3(404, "NoSuchBucket"), s3(400, "InvalidToken"),
                s3(400, "IncompleteBody"), s3(400, "BadDigest"), s3(403, "AccessDenied"), s3(403, "RequestTimeTooSkewed"),
                s3(400, "TokenRefreshRequired")}) {
            assertThat(ImagePipeline.classify(new CompletionException(e))).as(S3Failures.code(e))
                    .isInstanceOf(Outcome.Retry.class);
        }
    }

    @Test
    void outOfMemoryWrappedAsACorruptImageIsRetriedNeverRejected() {
        var wrapped = new CorruptImageException("cannot read JPEG",
                new javax.imageio.IIOException("allocating raster", new OutOfMemoryError("Java heap space")));

        assertThat(ImagePipeline.classify(new CompletionException(wrapped)))
                .isInstanceOfSatisfying(Outcome.Retry.class, r -> assertThat(r.reason()).isEqualTo("out_of_memory"));
    }

    @Test
    void aRetriedS3FailureCarriesItsErrorCodeAsTheReason() {
        assertThat(ImagePipeline.classify(new CompletionException(s3(503, "SlowDown"))))
                .isInstanceOfSatisfying(Outcome.Retry.class, r -> assertThat(r.reason()).isEqualTo("s3_SlowDown"));
    }

    private static S3Exception s3(int status, String code) {
        return (S3Exception) S3Exception.builder().statusCode(status).message(code + " from S3")
                .awsErrorDetails(AwsErrorDetails.builder().errorCode(code).errorMessage(code).build()).build();
    }
}

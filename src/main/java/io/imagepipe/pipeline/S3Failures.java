package io.imagepipe.pipeline;

import software.amazon.awssdk.services.s3.model.S3Exception;

/** Which S3 errors are worth retrying (DESIGN.md section 5: throttling, 5xx, timeouts) and which are not. */
final class S3Failures {
    private S3Failures() {
    }

    /** A 4xx that is not throttling, a timeout or a conflict: the same request will fail the same way. */
    static boolean permanent(S3Exception e) {
        int status = e.statusCode();
        if (status < 400 || status >= 500 || status == 404 || status == 408 || status == 409 || status == 429) {
            return false;
        }
        String code = code(e);
        return !code.equals("SlowDown") && !code.equals("Throttling") && !code.equals("RequestTimeout")
                && !code.equals("RequestTimeTooSkewed") && !code.equals("ExpiredToken");
    }

    static String code(S3Exception e) {
        String code = e.awsErrorDetails() == null ? null : e.awsErrorDetails().errorCode();
        return code == null || code.isBlank() ? Integer.toString(e.statusCode()) : code;
    }
}

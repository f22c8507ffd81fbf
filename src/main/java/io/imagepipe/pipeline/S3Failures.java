package io.imagepipe.pipeline;

import java.util.Set;
import software.amazon.awssdk.services.s3.model.S3Exception;

/** Which S3 errors are worth retrying (DESIGN.md section 5: throttling, 5xx, timeouts) and which are not. */
final class S3Failures {
    /**
     * 4xx answers that a later try can get past: throttling, clock skew, credentials that expired
     * or are being rotated, a request or body cut short on the way, and AccessDenied, which is
     * also what IAM answers while a new policy propagates and what S3 answers for a missing key
     * when the role lacks s3:ListBucket. Retried with backoff; if still failing on the last
     * receive the queue allows, dead-lettered with the code as the reason.
     */
    private static final Set<String> TRANSIENT_CODES = Set.of("SlowDown", "Throttling", "ThrottlingException",
            "RequestThrottled", "RequestTimeout", "RequestTimeTooSkewed", "ExpiredToken", "TokenRefreshRequired",
            "InvalidToken", "IncompleteBody", "BadDigest", "AccessDenied", "InternalError", "ServiceUnavailable",
            "OperationAborted", "NoSuchBucket");

    private S3Failures() {
    }

    /** A 4xx not known to pass: the same request will fail the same way (InvalidObjectState, KeyTooLongError...). */
    static boolean permanent(S3Exception e) {
        int status = e.statusCode();
        if (status < 400 || status >= 500 || status == 404 || status == 408 || status == 409 || status == 412
                || status == 429) {
            return false;
        }
        return !TRANSIENT_CODES.contains(code(e));
    }

    static String code(S3Exception e) {
        String code = e.awsErrorDetails() == null ? null : e.awsErrorDetails().errorCode();
        return code == null || code.isBlank() ? Integer.toString(e.statusCode()) : code;
    }
}

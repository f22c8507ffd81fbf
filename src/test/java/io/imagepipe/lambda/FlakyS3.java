package io.imagepipe.lambda;

import io.imagepipe.local.LocalS3;
import org.gaul.s3proxy.blobstore.BlobStore;
import org.gaul.s3proxy.blobstore.ForwardingBlobStore;
import org.gaul.s3proxy.blobstore.S3Exceptions;
import software.amazon.awssdk.core.ResponseInputStream;
import software.amazon.awssdk.services.s3.model.GetObjectRequest;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;

/**
 * A real s3proxy whose GETs of keys under {@code flaky/} fail on the server (503, as S3 answers when
 * it asks clients to slow down), with buckets {@code uploads} and {@code renditions}: the transient
 * failure of one record while the rest of its batch goes through.
 */
final class FlakyS3 {
    static final String FLAKY_PREFIX = "flaky/";

    private FlakyS3() {
    }

    static LocalS3 start(String accessKey, String secretKey) {
        LocalS3 s3 = LocalS3.start(new LocalS3.Options("127.0.0.1", 0, null, accessKey, secretKey), FailingGets::new);
        s3.createBucket("uploads");
        s3.createBucket("renditions");
        return s3;
    }

    private static final class FailingGets extends ForwardingBlobStore {
        FailingGets(BlobStore delegate) {
            super(delegate);
        }

        @Override
        public ResponseInputStream<GetObjectResponse> getBlob(GetObjectRequest request) {
            if (request.key().startsWith(FLAKY_PREFIX)) {
                throw S3Exceptions.fromStatusCode(503); // what S3 answers when it asks clients to slow down
            }
            return super.getBlob(request);
        }
    }
}

package io.imagepipe.storage;

/** The object is no longer the version asked for (S3 answered 412 to {@code If-Match}): it was overwritten. */
public final class ObjectChangedException extends RuntimeException {
    public ObjectChangedException(String bucket, String key, String eTag, Throwable cause) {
        super("s3://" + bucket + "/" + key + " is no longer ETag " + eTag, cause);
    }
}

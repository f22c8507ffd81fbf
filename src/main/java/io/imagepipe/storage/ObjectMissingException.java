package io.imagepipe.storage;

/** The object (or its bucket) does not exist. */
public final class ObjectMissingException extends RuntimeException {
    public ObjectMissingException(String bucket, String key, Throwable cause) {
        super("s3://" + bucket + "/" + key + " does not exist", cause);
    }
}

package io.imagepipe.event;

import java.time.Instant;
import java.util.Objects;

/**
 * One object-level change, before it is written as an S3 event notification.
 *
 * @param eventName  without the {@code s3:} prefix, e.g. {@code ObjectCreated:Put}
 * @param bucket     bucket name
 * @param key        the object key as stored (not encoded)
 * @param size       bytes; null for removals
 * @param eTag       without quotes; null for removals
 * @param versionId  null unless the store versions the bucket
 * @param sequencer  hexadecimal, increasing
 * @param time       when the change completed
 */
public record S3Event(String eventName, String bucket, String key, Long size, String eTag, String versionId,
                      String sequencer, Instant time) {
    public S3Event {
        Objects.requireNonNull(eventName, "eventName");
        Objects.requireNonNull(bucket, "bucket");
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(sequencer, "sequencer");
        Objects.requireNonNull(time, "time");
    }

    public boolean isCreated() {
        return eventName.startsWith("ObjectCreated:");
    }
}

package io.imagepipe.event;

import java.time.Instant;
import java.util.Objects;

/**
 * One object-level event taken from a queue message, whatever shape the message had.
 *
 * @param kind      created or removed
 * @param bucket    the bucket name
 * @param key       the object key, decoded: exactly the key to pass to the S3 API
 * @param eTag      the entity tag without surrounding double quotes; {@code null} if absent
 *                  (S3 sends none for deletes)
 * @param size      the object size in bytes; {@code -1} if absent (deletes)
 * @param versionId the version id; {@code null} if absent (unversioned bucket)
 * @param sequencer S3's per-key ordering token (compare as hex of equal length); {@code null} if absent
 * @param eventName the event name as sent: {@code "ObjectCreated:Put"}, {@code "ObjectRemoved:Delete"},
 *                  or the EventBridge detail-type such as {@code "Object Created"}
 * @param eventTime when S3 processed the request; {@code null} if absent
 */
public record ObjectEvent(ObjectEventKind kind, String bucket, String key, String eTag, long size,
                          String versionId, String sequencer, String eventName, Instant eventTime) {

    public ObjectEvent {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(bucket, "bucket");
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(eventName, "eventName");
        if (size < -1) {
            throw new IllegalArgumentException("size must be >= 0, or -1 when absent: " + size);
        }
    }
}

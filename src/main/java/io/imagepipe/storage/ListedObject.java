package io.imagepipe.storage;

import java.time.Instant;

/** One key of a bucket listing. */
public record ListedObject(String key, Instant lastModified, long bytes) {
}

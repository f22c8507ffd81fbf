package io.imagepipe.storage;

import java.util.Map;

/** An object read from S3: its bytes and what S3 said about it. */
public record StoredObject(String bucket, String key, byte[] bytes, String eTag, String contentType,
                           Map<String, String> metadata) {
    public StoredObject {
        metadata = Map.copyOf(metadata);
    }
}

package io.imagepipe.storage;

import java.net.URL;
import java.time.Instant;
import java.util.Map;

/** A presigned request: send {@code method} to {@code url} with {@code headers} before {@code expiresAt}. */
public record SignedRequest(URL url, String method, Map<String, String> headers, Instant expiresAt) {
    public SignedRequest {
        headers = Map.copyOf(headers);
    }
}

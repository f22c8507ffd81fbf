package io.imagepipe.loadtest;

import java.net.URI;
import java.nio.charset.StandardCharsets;

/** URLs of objects in S3 or an S3-compatible store, path-style or virtual-hosted. */
public final class S3Locations {
    private final URI endpoint;
    private final boolean pathStyle;

    public S3Locations(URI endpoint, boolean pathStyle) {
        this.endpoint = endpoint;
        this.pathStyle = pathStyle;
    }

    public String objectUrl(String bucket, String key) {
        String base = endpoint.toString().replaceAll("/+$", "");
        if (pathStyle) {
            return base + "/" + bucket + "/" + encodeKey(key);
        }
        String port = endpoint.getPort() < 0 ? "" : ":" + endpoint.getPort();
        return endpoint.getScheme() + "://" + bucket + "." + endpoint.getHost() + port + "/" + encodeKey(key);
    }

    /** RFC 3986 percent-encoding of each path segment, the form SigV4 signs for S3 (slashes kept). */
    static String encodeKey(String key) {
        StringBuilder out = new StringBuilder(key.length() + 16);
        for (byte b : key.getBytes(StandardCharsets.UTF_8)) {
            char c = (char) (b & 0xff);
            boolean unreserved = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')
                    || c == '-' || c == '_' || c == '.' || c == '~' || c == '/';
            if (unreserved) {
                out.append(c);
            } else {
                out.append('%').append(Character.toUpperCase(Character.forDigit((b >> 4) & 0xf, 16)))
                        .append(Character.toUpperCase(Character.forDigit(b & 0xf, 16)));
            }
        }
        return out.toString();
    }
}

package io.imagepipe.storage;

import java.net.URL;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;
import software.amazon.awssdk.services.s3.presigner.model.PresignedPutObjectRequest;

/**
 * Presigned S3 URLs: a PUT for exactly one key, Content-Type and Content-Length, and GETs of results.
 * Signing is local computation, but the credentials provider may refresh credentials with a network
 * call on the calling thread (STS, instance metadata): call it off the event loop.
 */
public final class UrlSigner {
    private final S3Presigner presigner;

    public UrlSigner(S3Presigner presigner) {
        this.presigner = presigner;
    }

    /**
     * @return the URL and the headers the PUT must carry, exactly as signed (a different type or
     *         length makes S3 answer 403); {@code Host} is left out, since every client sets it
     */
    public SignedRequest signPut(String bucket, String key, String contentType, long contentLength, Duration ttl) {
        PresignedPutObjectRequest signed = presigner.presignPutObject(p -> p.signatureDuration(ttl)
                .putObjectRequest(b -> b.bucket(bucket).key(key).contentType(contentType).contentLength(contentLength)));
        Map<String, String> headers = new LinkedHashMap<>();
        signed.signedHeaders().forEach((name, values) -> {
            if (!name.equalsIgnoreCase("host")) {
                headers.put(canonicalName(name), String.join(",", values));
            }
        });
        return new SignedRequest(signed.url(), signed.httpRequest().method().name(), headers, signed.expiration());
    }

    public SignedRequest signGet(String bucket, String key, Duration ttl) {
        var signed = presigner.presignGetObject(p -> p.signatureDuration(ttl).getObjectRequest(b -> b.bucket(bucket).key(key)));
        return new SignedRequest(signed.url(), "GET", Map.of(), signed.expiration());
    }

    /** "content-type" -> "Content-Type", as people write them. */
    private static String canonicalName(String name) {
        StringBuilder out = new StringBuilder(name.length());
        boolean upper = true;
        for (char c : name.toLowerCase(Locale.ROOT).toCharArray()) {
            out.append(upper ? Character.toUpperCase(c) : c);
            upper = c == '-';
        }
        return out.toString();
    }

    /** The origin (scheme://host[:port]) URLs for {@code bucket} point at, for the page's security policy. */
    public String origin(String bucket) {
        URL url = signGet(bucket, "origin-probe", Duration.ofMinutes(1)).url();
        return url.getProtocol() + "://" + url.getHost() + (url.getPort() < 0 ? "" : ":" + url.getPort());
    }

    /** Origins of {@code buckets}, without repeats. */
    public List<String> origins(List<String> buckets) {
        return buckets.stream().map(this::origin).distinct().toList();
    }
}

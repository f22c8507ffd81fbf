package io.imagepipe.pipeline;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * {@code manifests/{key}.json}: what was made from a source (DESIGN.md section 7). Written last,
 * so its presence means every rendition it lists is already in place. A rejected source gets a
 * manifest too, with {@code status} "rejected" and the {@code error}, so the status API can say why.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Manifest(String status, Source source, List<RenditionEntry> renditions, String configHash,
                       String processedAt, Timings timings, Error error) {

    public static final String PROCESSED = "processed";
    public static final String REJECTED = "rejected";

    /** Width and height are as displayed, after the EXIF orientation. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Source(String bucket, String key, String eTag, long bytes, String format, Integer width,
                         Integer height, Integer orientation) {
    }

    public record RenditionEntry(String name, String key, int width, int height, long bytes, String contentType) {
    }

    public record Timings(long downloadMs, long decodeMs, long resizeMs, long encodeMs, long uploadMs) {
    }

    public record Error(String reason, String message) {
    }
}

package io.imagepipe.http;

import io.imagepipe.config.Config;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import java.util.Locale;
import java.util.TreeSet;

/**
 * A validated {@code POST /api/uploads} body: {@code {filename, contentType, size}}.
 *
 * @param name        the sanitised file name, the last segment of the key
 * @param contentType lower case, without parameters: exactly what the PUT must send
 */
record UploadRequest(String name, String contentType, long size) {

    /** @throws ApiException 400 for missing or malformed fields, 415 for a type, 413 for a size not allowed */
    static UploadRequest parse(Buffer body, Config.Api api) {
        JsonObject json;
        try {
            Object parsed = body == null || body.length() == 0 ? null : io.vertx.core.json.Json.decodeValue(body);
            if (!(parsed instanceof JsonObject object)) {
                throw new ApiException(400, "invalid_body", "the body must be a JSON object:"
                        + " {\"filename\": \"cat.jpg\", \"contentType\": \"image/jpeg\", \"size\": 123456}");
            }
            json = object;
        } catch (DecodeException e) {
            throw new ApiException(400, "invalid_json", "the body is not valid JSON: " + firstLine(e.getMessage()));
        }
        String filename = string(json, "filename");
        String type = string(json, "contentType");
        long size = size(json, api.uploadMaxBytes());
        String contentType = type.split(";", 2)[0].strip().toLowerCase(Locale.ROOT);
        if (!api.uploadContentTypes().contains(contentType)) {
            throw new ApiException(415, "unsupported_content_type", "'" + type + "' cannot be uploaded; allowed: "
                    + String.join(", ", new TreeSet<>(api.uploadContentTypes())));
        }
        return new UploadRequest(FileNames.sanitize(filename), contentType, size);
    }

    private static String string(JsonObject json, String field) {
        Object value = json.getValue(field);
        if (value == null) {
            throw new ApiException(400, "missing_field", "'" + field + "' is missing");
        }
        if (!(value instanceof String s)) {
            throw new ApiException(400, "invalid_field", "'" + field + "' must be a string");
        }
        return s;
    }

    private static long size(JsonObject json, long max) {
        Object value = json.getValue("size");
        if (value == null) {
            throw new ApiException(400, "missing_field", "'size' is missing: give the file's size in bytes");
        }
        if (!(value instanceof Integer || value instanceof Long) || ((Number) value).longValue() < 1) {
            throw new ApiException(400, "invalid_field", "'size' must be a whole number of bytes, at least 1");
        }
        long size = ((Number) value).longValue();
        if (size > max) {
            throw new ApiException(413, "too_large", "the file has " + size + " bytes; at most " + max
                    + " can be uploaded");
        }
        return size;
    }

    private static String firstLine(String message) {
        return message == null ? "" : message.lines().findFirst().orElse("");
    }
}

package io.imagepipe.http;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A sentence a person understands for each rejection reason of a manifest. */
final class Rejections {
    private static final Pattern DETECTED = Pattern.compile("unsupported format: (.*?) \\(supported");
    private static final Pattern TOO_LARGE = Pattern.compile("source (bytes|pixels)(?: \\((\\d+x\\d+)\\))? (\\d+) exceeds the limit of (\\d+)");

    private Rejections() {
    }

    static String explain(String reason, String message) {
        String detail = message == null ? "" : message;
        return switch (reason == null ? "" : reason) {
            case "unsupported" -> {
                Matcher m = DETECTED.matcher(detail);
                String what = m.find() ? m.group(1) : "an unknown format";
                yield "This file is not an image imagepipe can read: its content is " + article(what) + what
                        + ", whatever its name says. Upload a JPEG, PNG, GIF, BMP, WebP or TIFF image.";
            }
            case "corrupt" -> "This image is damaged or incomplete, so it could not be decoded."
                    + " Open it on your device and save or export it again, then upload the new file.";
            case "too_large" -> {
                Matcher m = TOO_LARGE.matcher(detail);
                if (m.find() && m.group(1).equals("pixels")) {
                    yield "This image is too large to process: " + (m.group(2) == null ? "" : m.group(2) + ", ")
                            + String.format("%.1f", Long.parseLong(m.group(3)) / 1e6) + " megapixels, and the limit is "
                            + String.format("%.1f", Long.parseLong(m.group(4)) / 1e6) + ". Upload a smaller version.";
                }
                yield "This file is too large to process (" + detail + "). Upload a smaller version.";
            }
            case "bucket_not_allowed", "malformed_message" ->
                    "imagepipe is not set up to process this upload (" + reason + "); ask whoever runs it.";
            default -> reason != null && reason.startsWith("s3_")
                    ? "The storage refused imagepipe access to this file (" + reason.substring(3) + "); ask whoever runs it."
                    : "This image could not be processed (" + reason + ").";
        };
    }

    private static String article(String what) {
        if (what.isEmpty() || what.startsWith("unknown") || what.equals("text")) {
            return "";
        }
        return "AEIOU".indexOf(Character.toUpperCase(what.charAt(0))) >= 0 ? "an " : "a ";
    }
}

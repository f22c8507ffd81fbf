package io.imagepipe.pipeline;

import io.imagepipe.config.Config;
import io.imagepipe.core.RenditionSpec;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Identifies everything that shapes the output. Outputs made under the same hash from the same
 * source ETag are identical, so a redelivered event is a duplicate; change a rendition and every
 * source is processed again.
 */
public final class ConfigHash {
    /** Bump when the core's output changes for the same configuration. */
    static final String OUTPUT_VERSION = "1";

    private ConfigHash() {
    }

    public static String of(Config config) {
        StringBuilder text = new StringBuilder("v").append(OUTPUT_VERSION).append('\n');
        for (RenditionSpec spec : config.renditions()) {
            text.append(spec).append('\n');
        }
        text.append(config.keyTemplate()).append('\n').append(config.outputPrefix()).append('\n')
                .append(config.outputBucket());
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(text.toString().getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}

package io.imagepipe.lambda;

import java.util.Locale;
import java.util.Map;

/**
 * Logs as {@code serve} does, one JSON object per line (CloudWatch Logs Insights reads its fields),
 * unless {@code IMAGEPIPE_LOG_FORMAT=text}. Must run before the first logger is created.
 */
final class LambdaLogging {
    private LambdaLogging() {
    }

    static void configure(Map<String, String> env) {
        String format = env.getOrDefault("IMAGEPIPE_LOG_FORMAT", "json").strip().toLowerCase(Locale.ROOT);
        if (format.equals("json") && System.getProperty("logback.configurationFile") == null) {
            System.setProperty("logback.configurationFile", "logback-json.xml");
        }
    }
}

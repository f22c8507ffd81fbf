package io.imagepipe.deploy;

import io.imagepipe.config.ConfigException;
import io.imagepipe.config.ConfigLoader;
import java.util.AbstractMap;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The IMAGEPIPE_* variables the service reads, found by running the real {@link ConfigLoader} over
 * an environment that records every name it is asked for: a variable added to the code shows up
 * here without anyone copying a list.
 */
final class ConfigVariables {
    private ConfigVariables() {
    }

    static Set<String> read() {
        Set<String> asked = new TreeSet<>();
        Map<String, String> env = recording(Map.of(), asked);
        Map<String, String> defaults = recording(Map.of(ConfigLoader.PREFIX + "QUEUE_URL",
                "https://sqs.us-east-1.amazonaws.com/123456789012/q"), asked);
        try {
            new ConfigLoader(env, defaults).load();
        } catch (ConfigException e) {
            throw new AssertionError("the default configuration with a queue URL should load: " + e.getMessage(), e);
        }
        asked.removeIf(name -> !name.startsWith(ConfigLoader.PREFIX));
        return asked;
    }

    /** IMAGEPIPE_MAX_INFLIGHT -> maxInflight, S3_PATH_STYLE -> s3PathStyle. */
    static String chartKey(String variable) {
        String[] words = variable.substring(ConfigLoader.PREFIX.length()).toLowerCase(java.util.Locale.ROOT).split("_");
        StringBuilder key = new StringBuilder(words[0]);
        for (int i = 1; i < words.length; i++) {
            key.append(Character.toUpperCase(words[i].charAt(0))).append(words[i].substring(1));
        }
        return key.toString();
    }

    private static Map<String, String> recording(Map<String, String> values, Set<String> asked) {
        Map<String, String> copy = new HashMap<>(values);
        return new AbstractMap<>() {
            @Override
            public String get(Object key) {
                asked.add((String) key);
                return copy.get(key);
            }

            @Override
            public boolean containsKey(Object key) {
                asked.add((String) key);
                return copy.containsKey(key);
            }

            @Override
            public String getOrDefault(Object key, String fallback) {
                asked.add((String) key);
                return copy.getOrDefault(key, fallback);
            }

            @Override
            public Set<Entry<String, String>> entrySet() {
                return copy.entrySet();
            }
        };
    }
}

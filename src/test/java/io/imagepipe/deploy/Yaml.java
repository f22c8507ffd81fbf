package io.imagepipe.deploy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/** Multi-document YAML into plain maps and lists, and typed paths into them. */
final class Yaml {
    private Yaml() {
    }

    static List<Map<String, Object>> documents(String text) {
        List<Map<String, Object>> docs = new ArrayList<>();
        for (Object doc : new org.yaml.snakeyaml.Yaml(new SafeConstructor(new LoaderOptions())).loadAll(text)) {
            if (doc != null) {
                docs.add(map(doc));
            }
        }
        return docs;
    }

    static Map<String, Object> document(String text) {
        return map(new org.yaml.snakeyaml.Yaml(new SafeConstructor(new LoaderOptions())).load(text));
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> map(Object value) {
        if (!(value instanceof Map)) {
            throw new AssertionError("expected a mapping, got " + value);
        }
        return (Map<String, Object>) value;
    }

    @SuppressWarnings("unchecked")
    static List<Object> list(Object value) {
        if (!(value instanceof List)) {
            throw new AssertionError("expected a list, got " + value);
        }
        return (List<Object>) value;
    }

    /** The value at a dotted path ("spec.template.spec"), or null where any step is missing. */
    static Object at(Object root, String path) {
        Object current = root;
        for (String step : path.split("\\.")) {
            if (current instanceof Map<?, ?> m) {
                current = m.get(step);
            } else if (current instanceof List<?> l && step.matches("\\d+")) {
                int i = Integer.parseInt(step);
                current = i < l.size() ? l.get(i) : null;
            } else {
                return null;
            }
        }
        return current;
    }
}

package io.imagepipe.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The Kubernetes objects of one rendering (Helm or kustomize), looked up by kind and name. */
record Manifests(List<Map<String, Object>> objects) {

    static Manifests parse(String yaml) {
        return new Manifests(Yaml.documents(yaml));
    }

    List<Map<String, Object>> ofKind(String kind) {
        return objects.stream().filter(o -> kind.equals(o.get("kind"))).toList();
    }

    Optional<Map<String, Object>> find(String kind) {
        List<Map<String, Object>> found = ofKind(kind);
        assertThat(found.size()).as("objects of kind " + kind).isLessThanOrEqualTo(1);
        return found.stream().findFirst();
    }

    Map<String, Object> one(String kind) {
        return find(kind).orElseThrow(() -> new AssertionError("no " + kind + " rendered; kinds: " + kinds()));
    }

    List<String> kinds() {
        return objects.stream().map(o -> (String) o.get("kind")).sorted().toList();
    }

    Map<String, Object> container() {
        return Yaml.map(Yaml.at(one("Deployment"), "spec.template.spec.containers.0"));
    }

    Map<String, Object> podSpec() {
        return Yaml.map(Yaml.at(one("Deployment"), "spec.template.spec"));
    }

    /** The container's env as name -> value (variables with a value, not valueFrom). */
    Map<String, String> env() {
        Map<String, String> env = new java.util.LinkedHashMap<>();
        for (Object e : Yaml.list(container().get("env"))) {
            Map<String, Object> var = Yaml.map(e);
            assertThat(env).as("env variables are unique").doesNotContainKey((String) var.get("name"));
            env.put((String) var.get("name"), var.get("value") == null ? null : var.get("value").toString());
        }
        return env;
    }
}

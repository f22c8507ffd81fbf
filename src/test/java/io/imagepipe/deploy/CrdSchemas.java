package io.imagepipe.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;

/**
 * The openAPIV3Schemas of the KEDA and Prometheus Operator CRDs in ../shared/schemas, with
 * {@code additionalProperties: false} added to every object schema that lists its properties: the
 * API server would silently prune a misspelt field, so this refuses it instead.
 */
final class CrdSchemas {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final Map<String, JsonSchema> byApiVersionAndKind = new HashMap<>();

    CrdSchemas(Path dir) {
        try (var files = Files.list(dir)) {
            for (Path file : (Iterable<Path>) files::iterator) {
                if (file.getFileName().toString().endsWith(".yaml")) {
                    load(JSON.valueToTree(Yaml.document(Files.readString(file))));
                }
            }
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private void load(JsonNode crd) {
        String group = crd.at("/spec/group").asText();
        String kind = crd.at("/spec/names/kind").asText();
        for (JsonNode version : crd.at("/spec/versions")) {
            JsonNode schema = version.at("/schema/openAPIV3Schema").deepCopy();
            closeObjects(schema);
            byApiVersionAndKind.put(group + "/" + version.path("name").asText() + "/" + kind,
                    JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V7).getSchema(schema));
        }
    }

    private static void closeObjects(JsonNode node) {
        if (node instanceof ObjectNode object) {
            if (object.has("properties") && !object.has("additionalProperties")
                    && !object.path("x-kubernetes-preserve-unknown-fields").asBoolean(false)) {
                object.put("additionalProperties", false);
            }
        }
        for (Iterator<JsonNode> children = node.elements(); children.hasNext(); ) {
            closeObjects(children.next());
        }
    }

    boolean knows(Map<String, Object> object) {
        return byApiVersionAndKind.containsKey(object.get("apiVersion") + "/" + object.get("kind"));
    }

    /** The problems of one rendered object; empty when it is valid. */
    Set<ValidationMessage> problems(Map<String, Object> object) {
        JsonSchema schema = byApiVersionAndKind.get(object.get("apiVersion") + "/" + object.get("kind"));
        if (schema == null) {
            throw new AssertionError("no CRD schema for " + object.get("apiVersion") + " " + object.get("kind"));
        }
        // metadata is ObjectMeta, which the CRD schemas leave open; the core models check it elsewhere.
        return schema.validate(JSON.valueToTree(object));
    }
}

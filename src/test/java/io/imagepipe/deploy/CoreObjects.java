package io.imagepipe.deploy;

import com.google.gson.JsonElement;
import com.google.gson.JsonParser;
import io.kubernetes.client.openapi.models.V1ConfigMap;
import io.kubernetes.client.openapi.models.V1Deployment;
import io.kubernetes.client.openapi.models.V1NetworkPolicy;
import io.kubernetes.client.openapi.models.V1PodDisruptionBudget;
import io.kubernetes.client.openapi.models.V1Service;
import io.kubernetes.client.openapi.models.V1ServiceAccount;
import io.kubernetes.client.openapi.models.V2HorizontalPodAutoscaler;
import java.io.IOException;
import java.util.Map;

/**
 * Validates core Kubernetes objects offline with the official client's generated models, which
 * refuse unknown fields (a typo such as {@code readinesProbe}) and missing required ones.
 */
final class CoreObjects {
    private interface Validator {
        void validate(JsonElement json) throws IOException;
    }

    private static final Map<String, Validator> VALIDATORS = Map.of(
            "apps/v1/Deployment", V1Deployment::validateJsonElement,
            "v1/Service", V1Service::validateJsonElement,
            "v1/ServiceAccount", V1ServiceAccount::validateJsonElement,
            "v1/ConfigMap", V1ConfigMap::validateJsonElement,
            "policy/v1/PodDisruptionBudget", V1PodDisruptionBudget::validateJsonElement,
            "autoscaling/v2/HorizontalPodAutoscaler", V2HorizontalPodAutoscaler::validateJsonElement,
            "networking.k8s.io/v1/NetworkPolicy", V1NetworkPolicy::validateJsonElement);

    private CoreObjects() {
    }

    static boolean isCore(Map<String, Object> object) {
        return VALIDATORS.containsKey(key(object));
    }

    static void validate(Map<String, Object> object) {
        Validator validator = VALIDATORS.get(key(object));
        if (validator == null) {
            throw new AssertionError("no validator for " + key(object) + ": add its client-java model to CoreObjects");
        }
        try {
            validator.validate(JsonParser.parseString(new com.google.gson.Gson().toJson(object)));
        } catch (IOException | IllegalArgumentException e) {
            throw new AssertionError(key(object) + " " + Yaml.at(object, "metadata.name") + " is not a valid object: "
                    + e.getMessage(), e);
        }
    }

    private static String key(Map<String, Object> object) {
        return object.get("apiVersion") + "/" + object.get("kind");
    }
}

package io.imagepipe.lambda;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** template.yaml (AWS SAM) against the code it deploys and against itself. */
class TemplateTest {
    private static JsonNode template;

    @BeforeAll
    static void read() throws Exception {
        template = new ObjectMapper(new YAMLFactory()).readTree(Files.readString(Path.of("template.yaml")));
    }

    private static List<Map.Entry<String, JsonNode>> functions() {
        List<Map.Entry<String, JsonNode>> functions = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = template.path("Resources").fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> r = it.next();
            if (r.getValue().path("Type").asText().equals("AWS::Serverless::Function")) {
                functions.add(r);
            }
        }
        return functions;
    }

    @Test
    void everyHandlerIsARealRequestHandlerMethod() throws Exception {
        assertThat(functions()).extracting(Map.Entry::getKey).containsExactlyInAnyOrder("QueueFunction", "DirectFunction");
        for (var function : functions()) {
            String handler = function.getValue().path("Properties").path("Handler").asText();
            String[] parts = handler.split("::");
            assertThat(parts).as(handler).hasSize(2);
            Class<?> type = Class.forName(parts[0]);
            assertThat(RequestHandler.class.isAssignableFrom(type)).as(handler).isTrue();
            assertThat(type.getConstructor().getModifiers() & Modifier.PUBLIC).as("public no-arg constructor").isNotZero();
            Method method = java.util.Arrays.stream(type.getMethods())
                    .filter(m -> m.getName().equals(parts[1]) && !m.isBridge() && m.getParameterCount() == 2
                            && m.getParameterTypes()[1] == Context.class)
                    .findFirst().orElseThrow(() -> new AssertionError(handler + " has no such method"));
            assertThat(Modifier.isPublic(method.getModifiers())).isTrue();
        }
    }

    @Test
    void everyFunctionGetsTheLibjpegTurboLayerThatDeployTurbojpegLayerShBuilds() {
        JsonNode layers = template.path("Globals").path("Function").path("Layers");
        assertThat(layers.get(0).path("Ref").asText()).isEqualTo("TurboJpegLayer");
        JsonNode layer = template.path("Resources").path("TurboJpegLayer");
        assertThat(layer.path("Type").asText()).isEqualTo("AWS::Serverless::LayerVersion");
        assertThat(layer.path("Properties").path("ContentUri").asText()).isEqualTo("target/turbojpeg-layer.zip");
        assertThat(layer.path("Properties").path("CompatibleArchitectures").toString())
                .isEqualTo(template.path("Globals").path("Function").path("Architectures").toString());
        assertThat(layer.path("Properties").path("CompatibleRuntimes").toString())
                .contains(template.path("Globals").path("Function").path("Runtime").asText());
    }

    @Test
    void theQueueFunctionReportsPartialBatchFailuresWithTunableBatching() {
        JsonNode event = template.path("Resources").path("QueueFunction").path("Properties").path("Events")
                .path("Uploads");
        assertThat(event.path("Type").asText()).isEqualTo("SQS");
        JsonNode p = event.path("Properties");
        assertThat(p.path("FunctionResponseTypes").toString()).isEqualTo("[\"ReportBatchItemFailures\"]");
        assertThat(p.path("BatchSize").path("Ref").asText()).isEqualTo("BatchSize");
        assertThat(p.path("MaximumBatchingWindowInSeconds").path("Ref").asText()).isEqualTo("MaxBatchingWindowSeconds");
        assertThat(p.path("Queue").path("Fn::GetAtt").get(0).asText()).isEqualTo("EventQueue");
        assertThat(template.path("Parameters").has("BatchSize")).isTrue();
        assertThat(template.path("Parameters").has("MaxBatchingWindowSeconds")).isTrue();
    }

    @Test
    void theQueueStaysInvisibleForSixTimesTheFunctionTimeoutWhateverTimeoutIsChosen() {
        JsonNode timeout = template.path("Parameters").path("FunctionTimeout");
        JsonNode rows = template.path("Mappings").path("VisibilityByTimeout");
        assertThat(template.path("Globals").path("Function").path("Timeout").path("Ref").asText())
                .isEqualTo("FunctionTimeout");
        JsonNode visibility = template.path("Resources").path("EventQueue").path("Properties").path("VisibilityTimeout");
        assertThat(visibility.path("Fn::FindInMap").toString())
                .isEqualTo("[\"VisibilityByTimeout\",{\"Ref\":\"FunctionTimeout\"},\"Seconds\"]");
        assertThat(timeout.path("AllowedValues")).isNotEmpty();
        for (JsonNode allowed : timeout.path("AllowedValues")) {
            int seconds = allowed.asInt();
            JsonNode row = rows.path(allowed.asText());
            assertThat(row.isMissingNode()).as("a visibility for timeout " + seconds).isFalse();
            int queueVisibility = row.path("Seconds").asInt();
            assertThat(queueVisibility).as("visibility for timeout " + seconds).isGreaterThanOrEqualTo(6 * seconds)
                    .isLessThanOrEqualTo(43_200);
            // The handler keeps a reserve at the end of each invocation to report the batch.
            assertThat(seconds * 1000L).isGreaterThan(SqsBatchHandler.RESERVE.toMillis() * 5);
        }
        assertThat(timeout.path("AllowedValues").toString()).contains(timeout.path("Default").asText());
    }

    @Test
    void memoryDefaultIsOneVcpuAndEveryAllowedSizeGivesAWorkingConfiguration() {
        JsonNode memory = template.path("Parameters").path("MemorySize");
        assertThat(memory.path("Default").asInt()).isEqualTo(FunctionMemory.MB_PER_VCPU);
        assertThat(template.path("Globals").path("Function").path("MemorySize").path("Ref").asText()).isEqualTo("MemorySize");
        for (int mb : new int[] {memory.path("MinValue").asInt(), memory.path("Default").asInt(), memory.path("MaxValue").asInt()}) {
            Map<String, String> env = new java.util.HashMap<>(new FunctionMemory(mb).configDefaults());
            env.put("IMAGEPIPE_QUEUE_URL", FunctionEnvironment.NO_QUEUE);
            assertThat(new io.imagepipe.config.ConfigLoader(env, Map.of()).load().workers()).isBetween(1, 6);
        }
    }

    @Test
    void deadLettersSnapStartAndTheArtifactAreWiredUp() {
        JsonNode globals = template.path("Globals").path("Function");
        assertThat(globals.path("SnapStart").path("ApplyOn").asText()).isEqualTo("PublishedVersions");
        assertThat(globals.path("AutoPublishAlias").asText()).isNotBlank();
        assertThat(globals.path("Runtime").asText()).matches("java(17|21|25)");
        assertThat(globals.path("CodeUri").asText()).isEqualTo("target/imagepipe-lambda.jar");
        assertThat(globals.path("Environment").path("Variables").path("IMAGEPIPE_DLQ_URL").path("Ref").asText())
                .isEqualTo("DeadLetterQueue");
        JsonNode redrive = template.path("Resources").path("EventQueue").path("Properties").path("RedrivePolicy");
        assertThat(redrive.path("deadLetterTargetArn").path("Fn::GetAtt").get(0).asText()).isEqualTo("DeadLetterQueue");
        JsonNode direct = template.path("Resources").path("DirectFunction").path("Properties");
        assertThat(direct.path("Events").path("Uploads").path("Type").asText()).isEqualTo("S3");
        assertThat(direct.path("EventInvokeConfig").path("DestinationConfig").path("OnFailure").path("Destination")
                .path("Fn::GetAtt").get(0).asText()).isEqualTo("DeadLetterQueue");
    }

    @Test
    void policiesGrantNoWildcardActionsOrResources() {
        for (var function : functions()) {
            for (JsonNode policy : function.getValue().path("Properties").path("Policies")) {
                for (JsonNode statement : policy.path("Statement")) {
                    for (JsonNode action : statement.path("Action")) {
                        assertThat(action.asText()).as(function.getKey()).doesNotContain("*");
                    }
                    assertThat(statement.path("Resource").toString()).as(function.getKey()).doesNotContain("\"*\"")
                            .doesNotContain(":::*");
                }
            }
        }
    }
}

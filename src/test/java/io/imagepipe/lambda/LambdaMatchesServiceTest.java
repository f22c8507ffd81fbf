package io.imagepipe.lambda;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.imagepipe.app.LocalMode;
import io.imagepipe.config.Config;
import io.imagepipe.local.LocalEnvironment;
import io.vertx.core.VertxOptions;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sqs.model.Message;

/**
 * The same sources through the Vert.x service and through the Lambda handler: byte-identical
 * renditions, and manifests equal apart from the time they were made and how long it took.
 */
class LambdaMatchesServiceTest {

    @Test
    void theLambdaHandlerWritesWhatTheServiceWrites() throws Exception {
        Map<String, String> env = Map.of("IMAGEPIPE_HTTP_PORT", "0", "IMAGEPIPE_WORKERS", "2",
                "IMAGEPIPE_LOG_FORMAT", "text");
        Map<String, byte[]> sources = new LinkedHashMap<>();
        sources.put("same/photo 1.jpg", Images.jpeg(2000, 1500));
        sources.put("same/drawing.png", Images.png(900, 1200));
        try (LocalMode service = LocalMode.start(env, LocalEnvironment.Options.ephemeral(), new VertxOptions());
             LocalLambda lambda = new LocalLambda(service.environment(), Map.of())) {
            Config config = lambda.function.config();
            Map<String, String> notifications = new LinkedHashMap<>();
            for (var source : sources.entrySet()) {
                lambda.upload("uploads", source.getKey(), source.getValue());
            }
            Map<String, JsonNode> serviceManifests = new LinkedHashMap<>();
            Map<String, byte[]> serviceOutputs = new LinkedHashMap<>();
            for (String key : sources.keySet()) {
                serviceManifests.put(key, awaitManifest(lambda, config.manifestKey(key)));
                for (JsonNode r : serviceManifests.get(key).path("renditions")) {
                    String out = r.path("key").asText();
                    serviceOutputs.put(out, lambda.s3.getObjectAsBytes(b -> b.bucket("renditions").key(out)).asByteArray());
                    lambda.s3.deleteObject(b -> b.bucket("renditions").key(out));
                }
                lambda.s3.deleteObject(b -> b.bucket("renditions").key(config.manifestKey(key)));
                notifications.put(key, lambda.notificationOfExisting("uploads", key));
            }
            assertThat(serviceOutputs).hasSize(6);

            String queue = lambda.newQueue(5);
            List<Message> messages = lambda.deliver(queue, List.copyOf(notifications.values()));
            SQSBatchResponse response = new SqsBatchHandler(lambda.function).handleRequest(
                    LambdaEvents.sqs(LambdaEvents.sqsEventJson(messages, lambda.queueArn(queue), 0)),
                    TestContext.seconds(120));

            assertThat(response.getBatchItemFailures()).isEmpty();
            for (String key : sources.keySet()) {
                JsonNode fromLambda = LambdaEvents.JSON.readTree(lambda.text("renditions", config.manifestKey(key)));
                assertThat(withoutTimes(fromLambda)).as(key).isEqualTo(withoutTimes(serviceManifests.get(key)));
            }
            for (var output : serviceOutputs.entrySet()) {
                byte[] fromLambda = lambda.s3.getObjectAsBytes(b -> b.bucket("renditions").key(output.getKey())).asByteArray();
                assertThat(fromLambda).as(output.getKey()).isEqualTo(output.getValue());
            }
        }
    }

    private static JsonNode withoutTimes(JsonNode manifest) {
        ObjectNode copy = manifest.deepCopy();
        copy.remove("processedAt");
        copy.remove("timings");
        return copy;
    }

    private static JsonNode awaitManifest(LocalLambda lambda, String key) throws Exception {
        long deadline = System.nanoTime() + 120_000_000_000L;
        while (System.nanoTime() < deadline) {
            if (lambda.exists("renditions", key)) {
                return LambdaEvents.JSON.readTree(lambda.text("renditions", key));
            }
            Thread.sleep(100);
        }
        throw new AssertionError("the service wrote no manifest " + key);
    }
}

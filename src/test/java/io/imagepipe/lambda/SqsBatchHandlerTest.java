package io.imagepipe.lambda;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.fasterxml.jackson.databind.JsonNode;
import io.imagepipe.config.Config;
import io.imagepipe.queue.DeadLetters;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/** The SQS handler against the real in-process S3 and SQS, fed event JSON read by Lambda's own serializer. */
class SqsBatchHandlerTest {
    private static LocalLambda lambda;
    private static SqsBatchHandler handler;

    @BeforeAll
    static void start() {
        // S3 answers every GET under flaky/ with a server error: those records fail transiently.
        lambda = LocalLambda.withFlakyS3(Map.of());
        handler = new SqsBatchHandler(lambda.function);
    }

    @AfterAll
    static void stop() {
        lambda.close();
    }

    private static List<String> failedIds(SQSBatchResponse response) {
        return response.getBatchItemFailures().stream().map(SQSBatchResponse.BatchItemFailure::getItemIdentifier).toList();
    }

    private SQSBatchResponse invoke(String queueUrl, List<Message> messages, int receiveCount) {
        String json = LambdaEvents.sqsEventJson(messages, lambda.queueArn(queueUrl), receiveCount);
        return handler.handleRequest(LambdaEvents.sqs(json), TestContext.seconds(60));
    }

    @Test
    void aMixedBatchReportsOnlyTheTransientRecordAsFailed() throws Exception {
        Config config = lambda.function.config();
        lambda.upload("uploads", "mixed/good.jpg", Images.jpeg(1200, 900));
        lambda.upload("uploads", "mixed/corrupt.jpg", Images.truncatedJpeg());
        lambda.upload("uploads", "flaky/transient.jpg", Images.jpeg(800, 600));
        String queue = lambda.newQueue(5);
        List<String> bodies = List.of(
                lambda.notificationOfExisting("uploads", "mixed/good.jpg"),
                lambda.notificationOfExisting("uploads", "mixed/corrupt.jpg"),
                LambdaEvents.s3Notification("uploads", "mixed/gone.jpg", "ObjectCreated:Put", "9b2cf535f27731c974343645a3985328"),
                lambda.notificationOfExisting("uploads", "flaky/transient.jpg"));
        List<Message> messages = lambda.deliver(queue, bodies);

        SQSBatchResponse response = invoke(queue, messages, 0);

        assertThat(failedIds(response)).containsExactly(messages.get(3).messageId());
        JsonNode good = LambdaEvents.JSON.readTree(lambda.text("renditions", config.manifestKey("mixed/good.jpg")));
        assertThat(good.path("status").asText()).isEqualTo("processed");
        assertThat(good.path("renditions")).hasSize(3);
        for (JsonNode r : good.path("renditions")) {
            assertThat(lambda.exists("renditions", r.path("key").asText())).as(r.path("key").asText()).isTrue();
        }
        JsonNode corrupt = LambdaEvents.JSON.readTree(lambda.text("renditions", config.manifestKey("mixed/corrupt.jpg")));
        assertThat(corrupt.path("status").asText()).isEqualTo("rejected");
        String reason = corrupt.path("error").path("reason").asText();
        assertThat(reason).isEqualTo("corrupt");
        // Dead-lettered by the function with the service's attributes: in the DLQ with its reason, gone from the queue.
        List<Message> dead = lambda.dlqMessagesAbout("mixed/corrupt.jpg");
        assertThat(dead).hasSize(1);
        assertThat(dead.get(0).messageAttributes().get(DeadLetters.REASON_ATTRIBUTE).stringValue()).isEqualTo(reason);
        assertThat(dead.get(0).messageAttributes().get(DeadLetters.SOURCE_QUEUE_ATTRIBUTE).stringValue()).isEqualTo(queue);
        assertThat(lambda.exists("renditions", config.manifestKey("mixed/gone.jpg"))).isFalse();
        assertThat(lambda.dlqMessagesAbout("mixed/gone.jpg")).isEmpty();
        // The transient record is hidden for the backoff (10 s), as the service would release it.
        Map<QueueAttributeName, String> counts = lambda.sqs.getQueueAttributes(b -> b.queueUrl(queue).attributeNames(
                QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE)).attributes();
        assertThat(counts.get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE)).isEqualTo("4");
        assertThat(lambda.metricsWritten())
                .contains("\"outcome\":\"processed\"", "\"outcome\":\"rejected\"", "\"outcome\":\"gone\"",
                        "\"outcome\":\"retried\"", "\"imagepipe_messages_total\":1");
    }

    @Test
    void everyMessageShapeIsReadAndProcessed() throws Exception {
        Config config = lambda.function.config();
        byte[] png = Images.png(640, 480);
        lambda.upload("uploads", "shapes/raw cat.jpg", Images.jpeg(1000, 750));
        lambda.upload("uploads", "shapes/sns+plus.png", png);
        lambda.upload("uploads", "shapes/bridge é.jpg", Images.jpeg(700, 500));
        String raw = lambda.notificationOfExisting("uploads", "shapes/raw cat.jpg");
        assertThat(raw).contains("shapes/raw+cat.jpg");
        String sns = LambdaEvents.snsWrapped(lambda.notificationOfExisting("uploads", "shapes/sns+plus.png"));
        assertThat(sns).contains("shapes/sns%2Bplus.png");
        String bridge = LambdaEvents.eventBridge("uploads", "shapes/bridge é.jpg", 1,
                lambda.eTag("uploads", "shapes/bridge é.jpg"));
        String queue = lambda.newQueue(5);
        List<Message> messages = lambda.deliver(queue, List.of(raw, sns, bridge, LambdaEvents.S3_TEST_EVENT));

        SQSBatchResponse response = invoke(queue, messages, 0);

        assertThat(failedIds(response)).isEmpty();
        for (String key : List.of("shapes/raw cat.jpg", "shapes/sns+plus.png", "shapes/bridge é.jpg")) {
            JsonNode manifest = LambdaEvents.JSON.readTree(lambda.text("renditions", config.manifestKey(key)));
            assertThat(manifest.path("status").asText()).as(key).isEqualTo("processed");
            assertThat(manifest.path("source").path("key").asText()).isEqualTo(key);
        }
        assertThat(lambda.exists("renditions", config.renditionKey("shapes/sns+plus.png", "thumb", "png"))).isTrue();
        assertThat(lambda.metricsWritten()).contains("\"outcome\":\"skipped\"");
    }

    @Test
    void aRecordStillFailingOnItsLastReceiveIsDeadLetteredWithItsReason() {
        lambda.upload("uploads", "flaky/last.jpg", Images.jpeg(300, 200));
        String queue = lambda.newQueue(3);
        List<Message> messages = lambda.deliver(queue, List.of(lambda.notificationOfExisting("uploads", "flaky/last.jpg")));

        SQSBatchResponse early = invoke(queue, messages, 2);
        assertThat(failedIds(early)).containsExactly(messages.get(0).messageId());
        assertThat(lambda.dlqMessagesAbout("flaky/last.jpg")).isEmpty();

        SQSBatchResponse last = invoke(queue, messages, 3);
        assertThat(failedIds(last)).isEmpty();
        List<Message> dead = lambda.dlqMessagesAbout("flaky/last.jpg");
        assertThat(dead).hasSize(1);
        assertThat(dead.get(0).messageAttributes().get(DeadLetters.REASON_ATTRIBUTE).stringValue()).isNotBlank();
        assertThat(dead.get(0).messageAttributes().get(DeadLetters.MESSAGE_ATTRIBUTE).stringValue())
                .startsWith("still failing on receive 3 of 3");
    }
}

package io.imagepipe.lambda;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.imagepipe.config.Config;
import io.imagepipe.queue.DeadLetters;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sqs.model.Message;

/** The direct S3 trigger, fed S3 event JSON read by Lambda's own serializer, against the in-process S3 and SQS. */
class S3TriggerHandlerTest {
    private static LocalLambda lambda;
    private static S3TriggerHandler handler;

    @BeforeAll
    static void start() {
        lambda = LocalLambda.withFlakyS3(Map.of(), true);
        handler = new S3TriggerHandler(lambda.function);
    }

    @AfterAll
    static void stop() {
        lambda.close();
    }

    private static String invoke(String json) {
        return handler.handleRequest(LambdaEvents.s3(json), TestContext.seconds(60));
    }

    @Test
    void urlEncodedKeysAreDecodedOnceAndProcessed() throws Exception {
        Config config = lambda.function.config();
        String key = "direct/my cat+1 é.jpg";
        lambda.upload("uploads", key, Images.jpeg(1000, 800));
        String json = LambdaEvents.s3Notification("uploads", "direct/my+cat%2B1+%C3%A9.jpg", "ObjectCreated:Put",
                lambda.eTag("uploads", key));

        assertThat(invoke(json)).isEqualTo("processed");

        JsonNode manifest = LambdaEvents.JSON.readTree(lambda.text("renditions", config.manifestKey(key)));
        assertThat(manifest.path("source").path("key").asText()).isEqualTo(key);
        assertThat(lambda.exists("renditions", config.renditionKey(key, "thumb", "jpg"))).isTrue();
        assertThat(invoke(json)).isEqualTo("duplicate");
    }

    @Test
    void aCorruptImageSucceedsWithItsReasonLoggedAndDeadLettered() throws Exception {
        lambda.upload("uploads", "direct/broken.jpg", Images.truncatedJpeg());

        assertThat(invoke(lambda.notificationOfExisting("uploads", "direct/broken.jpg")))
                .isEqualTo("rejected");

        JsonNode manifest = LambdaEvents.JSON.readTree(lambda.text("renditions",
                lambda.function.config().manifestKey("direct/broken.jpg")));
        assertThat(manifest.path("error").path("reason").asText()).isEqualTo("corrupt");
        Message dead = lambda.dlqMessagesAbout("direct/broken.jpg").get(0);
        assertThat(dead.messageAttributes().get(DeadLetters.REASON_ATTRIBUTE).stringValue()).isEqualTo("corrupt");
    }

    @Test
    void aTransientFailureFailsTheInvocationSoLambdaRetriesIt() {
        lambda.upload("uploads", "flaky/later.jpg", Images.jpeg(300, 200));
        String json = lambda.notificationOfExisting("uploads", "flaky/later.jpg");
        assertThatThrownBy(() -> invoke(json)).isInstanceOf(S3TriggerHandler.RetryableFailure.class)
                .hasMessageContaining("s3://uploads/flaky/later.jpg").hasMessageContaining("503");
        assertThat(lambda.dlqMessagesAbout("flaky/later.jpg")).isEmpty();
    }

    @Test
    void aRemovedSourceLosesItsRenditions() {
        Config config = lambda.function.config();
        String key = "direct/removed.png";
        lambda.upload("uploads", key, Images.png(400, 300));
        assertThat(invoke(lambda.notificationOfExisting("uploads", key))).isEqualTo("processed");
        lambda.s3.deleteObject(b -> b.bucket("uploads").key(key));

        assertThat(invoke(LambdaEvents.s3Notification("uploads", key, "ObjectRemoved:Delete", null))).isEqualTo("removed");

        assertThat(lambda.exists("renditions", config.manifestKey(key))).isFalse();
        assertThat(lambda.exists("renditions", config.renditionKey(key, "thumb", "png"))).isFalse();
    }
}

package io.imagepipe.queue;

import static org.assertj.core.api.Assertions.assertThat;

import io.imagepipe.local.LocalSqs;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sqs.SqsAsyncClient;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;

/** A message whose work outlasts its visibility timeout stays hidden while the heartbeat runs, and only then. */
class VisibilityHeartbeatKeepsMessagesHiddenTest {

    @Test
    void trackedMessageStaysHiddenPastItsTimeoutAndReturnsOnceUntracked() throws Exception {
        ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
        try (LocalSqs server = LocalSqs.start(LocalSqs.Options.defaults());
             SqsClient sqs = SqsClient.builder().endpointOverride(server.endpoint()).region(Region.US_EAST_1)
                     .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("x", "y")))
                     .build();
             SqsAsyncClient async = SqsAsyncClient.builder().endpointOverride(server.endpoint())
                     .region(Region.US_EAST_1)
                     .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("x", "y")))
                     .build()) {
            String queue = server.queueUrl();
            sqs.sendMessage(b -> b.queueUrl(queue).messageBody("long job"));
            Message m = sqs.receiveMessage(b -> b.queueUrl(queue).visibilityTimeout(2).waitTimeSeconds(5))
                    .messages().get(0);
            VisibilityHeartbeat heartbeat = new VisibilityHeartbeat(async, queue, Duration.ofSeconds(2),
                    Duration.ofMillis(500), timer);
            heartbeat.track(m.receiptHandle());

            Thread.sleep(4_000); // twice the visibility timeout
            assertThat(sqs.receiveMessage(b -> b.queueUrl(queue).waitTimeSeconds(0)).messages())
                    .as("hidden while the heartbeat extends it").isEmpty();

            heartbeat.untrack(m.receiptHandle());
            heartbeat.stop();
            assertThat(sqs.receiveMessage(b -> b.queueUrl(queue).waitTimeSeconds(5)).messages())
                    .as("visible again once nobody extends it").extracting(Message::body).containsExactly("long job");
        } finally {
            timer.shutdownNow();
        }
    }
}

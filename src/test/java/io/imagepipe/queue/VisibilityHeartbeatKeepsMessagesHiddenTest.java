package io.imagepipe.queue;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.sqs.model.Message;

/** A message whose work outlasts its visibility timeout stays hidden while the heartbeat runs, and only then. */
@ExtendWith(SharedSqs.class)
class VisibilityHeartbeatKeepsMessagesHiddenTest {

    @Test
    void trackedMessageStaysHiddenPastItsTimeoutAndReturnsOnceUntracked(SqsTestSupport sqs) throws Exception {
        String queue = sqs.newQueue("heartbeat");
        sqs.send(queue, "long job");
        Message m = sqs.sync.receiveMessage(b -> b.queueUrl(queue).visibilityTimeout(2).waitTimeSeconds(5))
                .messages().get(0);
        VisibilityHeartbeat heartbeat = new VisibilityHeartbeat(sqs.async, queue, Duration.ofSeconds(2),
                Duration.ofMillis(500), sqs.timer);
        heartbeat.track(m.receiptHandle());

        Thread.sleep(4_000); // twice the visibility timeout
        assertThat(sqs.receiveNow(queue)).as("hidden while the heartbeat extends it").isEmpty();

        heartbeat.untrack(m.receiptHandle());
        heartbeat.stop();
        assertThat(sqs.sync.receiveMessage(b -> b.queueUrl(queue).waitTimeSeconds(5)).messages())
                .as("visible again once nobody extends it").extracting(Message::body).containsExactly("long job");
    }
}

package io.imagepipe.queue;

import static org.assertj.core.api.Assertions.assertThat;

import io.imagepipe.pipeline.Outcome;
import io.imagepipe.pipeline.RetryBackoff;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageAttributeValue;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;

/** What each {@link Outcome} does to its SQS message (DESIGN.md section 5), against ElasticMQ. */
@ExtendWith(SharedSqs.class)
class MessageActionsTest {
    private static final long GUARD_SECONDS = 10;
    private static final String BODY = "{\"Records\":[{\"s3\":{\"bucket\":{\"name\":\"uploads\"},"
            + "\"object\":{\"key\":\"cat.jpg\"}}}]}";
    private static SqsTestSupport sqs;

    @BeforeAll
    static void start(SqsTestSupport shared) {
        sqs = shared;
    }

    private static MessageActions actions(String queue, Optional<String> dlq, Duration maxRetryDelay) {
        return new MessageActions(sqs.async, queue, dlq, new BatchDeleter(sqs.async, queue, sqs.timer),
                new RetryBackoff(maxRetryDelay), OptionalInt.empty());
    }

    /** Sends BODY and receives it, so it is in flight (hidden 30 s) as the consumer would have it. */
    private static Message inFlight(String queue) {
        sqs.send(queue, BODY);
        return sqs.receive(queue, 1).get(0);
    }

    private static void apply(MessageActions actions, Message m, Outcome outcome) throws Exception {
        actions.apply(m, outcome).get(GUARD_SECONDS, TimeUnit.SECONDS);
    }

    @Test
    void aRejectionWithADlqSendsTheBodyAndTheReasonThereAndDeletesTheOriginal() throws Exception {
        String queue = sqs.newQueue("reject");
        String dlq = sqs.newQueue("reject-dlq");
        MessageActions actions = actions(queue, Optional.of(dlq), Duration.ofSeconds(900));
        Message m = inFlight(queue);

        apply(actions, m, new Outcome.Rejected("corrupt", "JPEG ends after 512 of 2048 bytes"));

        Message dead = sqs.receive(dlq, 1).get(0);
        assertThat(dead.body()).isEqualTo(BODY);
        Map<String, MessageAttributeValue> attributes = dead.messageAttributes();
        assertThat(attributes.get("imagepipe-reason").stringValue()).isEqualTo("corrupt");
        assertThat(attributes.get("imagepipe-message").stringValue()).isEqualTo("JPEG ends after 512 of 2048 bytes");
        assertThat(attributes.get("imagepipe-source-queue").stringValue()).isEqualTo(queue);
        assertThat(attributes.values()).extracting(MessageAttributeValue::dataType).containsOnly("String");
        assertThat(sqs.visible(queue)).isZero();
        assertThat(sqs.hidden(queue)).as("the original is deleted, not just hidden").isZero();
    }

    @Test
    void dlqAttributesAreNeverEmptyAndAtMost1024Characters() throws Exception {
        String queue = sqs.newQueue("reject-long");
        String dlq = sqs.newQueue("reject-long-dlq");
        MessageActions actions = actions(queue, Optional.of(dlq), Duration.ofSeconds(900));

        apply(actions, inFlight(queue), new Outcome.Rejected("unsupported", "x".repeat(5000)));
        apply(actions, inFlight(queue), new Outcome.Rejected("malformed_message", ""));

        List<Message> dead = sqs.receive(dlq, 2);
        assertThat(dead).extracting(d -> d.messageAttributes().get("imagepipe-message").stringValue())
                .containsExactlyInAnyOrder("x".repeat(1024), "-");
        assertThat(sqs.hidden(queue)).isZero();
    }

    @Test
    void aRetryHidesTheMessageForTheBackoff() throws Exception {
        String queue = sqs.newQueue("retry");
        // The queue hides a received message for 30 s; a cap of 1 s makes the release visible quickly.
        MessageActions actions = actions(queue, Optional.empty(), Duration.ofSeconds(1));
        Message m = inFlight(queue);

        apply(actions, m, new Outcome.Retry(new IOException("503 Slow Down")));

        assertThat(sqs.receiveNow(queue)).as("not receivable at once").isEmpty();
        assertThat(sqs.hidden(queue)).isEqualTo(1);
        Message again = sqs.receive(queue, 1).get(0);
        assertThat(again.messageId()).isEqualTo(m.messageId());
        assertThat(again.attributes().get(MessageSystemAttributeName.APPROXIMATE_RECEIVE_COUNT)).isEqualTo("2");
    }

    @Test
    void aRetryWithTheRealBackoffKeepsTheMessageHidden() throws Exception {
        String queue = sqs.newQueue("retry-10s");
        MessageActions actions = actions(queue, Optional.empty(), Duration.ofSeconds(900));
        Message m = inFlight(queue);
        // Shorten the queue's hiding first, so only the release can keep the message away for the next seconds.
        actions.release(m, Duration.ZERO).get(GUARD_SECONDS, TimeUnit.SECONDS);
        m = sqs.receive(queue, 1).get(0);

        apply(actions, m, new Outcome.Retry(new IOException("timeout")));

        assertThat(sqs.receiveNow(queue)).isEmpty();
        assertThat(sqs.sync.receiveMessage(b -> b.queueUrl(queue).waitTimeSeconds(2)).messages())
                .as("20 s for the second receive").isEmpty();
        assertThat(sqs.hidden(queue)).isEqualTo(1);
    }

    @Test
    void aRejectionWithoutADlqIsReleasedForTheRedrivePolicy() throws Exception {
        String queue = sqs.newQueue("reject-no-dlq");
        MessageActions actions = actions(queue, Optional.empty(), Duration.ofSeconds(1));
        Message m = inFlight(queue);

        apply(actions, m, new Outcome.Rejected("corrupt", "bad"));

        assertThat(sqs.receiveNow(queue)).isEmpty();
        assertThat(sqs.hidden(queue)).as("not deleted").isEqualTo(1);
        assertThat(sqs.receive(queue, 1).get(0).messageId()).isEqualTo(m.messageId());
    }

    @Test
    void releasingWithZeroMakesTheMessageVisibleAtOnce() throws Exception {
        String queue = sqs.newQueue("release-0");
        MessageActions actions = actions(queue, Optional.empty(), Duration.ofSeconds(900));
        Message m = inFlight(queue);

        actions.release(m, Duration.ZERO).get(GUARD_SECONDS, TimeUnit.SECONDS);

        assertThat(sqs.receiveNow(queue)).extracting(Message::messageId).containsExactly(m.messageId());
    }

    @Test
    void everyFinishedOutcomeOtherThanRejectedDeletesTheMessage() throws Exception {
        String queue = sqs.newQueue("delete");
        String dlq = sqs.newQueue("delete-dlq");
        MessageActions actions = actions(queue, Optional.of(dlq), Duration.ofSeconds(900));
        List<Outcome> outcomes = List.of(new Outcome.Processed(3), new Outcome.Duplicate("same ETag"),
                new Outcome.Skipped("s3:TestEvent"), new Outcome.Gone("deleted"), new Outcome.Removed(4));

        for (Outcome outcome : outcomes) {
            apply(actions, inFlight(queue), outcome);

            assertThat(sqs.hidden(queue)).as(outcome.label()).isZero();
            assertThat(sqs.visible(queue)).as(outcome.label()).isZero();
        }
        assertThat(sqs.receiveNow(dlq)).isEmpty();
    }

    @Test
    void aTransientFailureOnTheLastReceiveTheQueueAllowsReachesTheDlqWithItsReason() throws Exception {
        String queue = sqs.newQueue("last-receive");
        String dlq = sqs.newQueue("last-receive-dlq");
        MessageActions actions = new MessageActions(sqs.async, queue, Optional.of(dlq),
                new BatchDeleter(sqs.async, queue, sqs.timer), new RetryBackoff(Duration.ofSeconds(900)),
                OptionalInt.of(2));
        Message first = inFlight(queue);
        actions.release(first, Duration.ZERO).get(GUARD_SECONDS, TimeUnit.SECONDS);
        Message second = sqs.receive(queue, 1).get(0);
        assertThat(MessageActions.receiveCount(second)).isEqualTo(2);

        apply(actions, second, new Outcome.Retry("s3_NoSuchBucket", new IOException("bucket\nmissing")));

        Message dead = sqs.receive(dlq, 1).get(0);
        assertThat(dead.body()).isEqualTo(BODY);
        assertThat(dead.messageAttributes().get("imagepipe-reason").stringValue()).isEqualTo("s3_NoSuchBucket");
        assertThat(dead.messageAttributes().get("imagepipe-message").stringValue())
                .isEqualTo("still failing on receive 2 of 2: IOException: bucket\\u000amissing");
        assertThat(sqs.hidden(queue) + sqs.visible(queue)).isZero();
    }

    @Test
    void controlCharactersFromKeysDoNotMakeSqsRefuseTheDeadLetter() throws Exception {
        String queue = sqs.newQueue("control");
        String dlq = sqs.newQueue("control-dlq");
        MessageActions actions = actions(queue, Optional.of(dlq), Duration.ofSeconds(900));

        apply(actions, inFlight(queue), new Outcome.Rejected("corrupt", "s3://up/a\u0000\u0001\u001f\uffffb.jpg"));

        assertThat(sqs.receive(dlq, 1).get(0).messageAttributes().get("imagepipe-message").stringValue())
                .isEqualTo("s3://up/a\\u0000\\u0001\\u001f\\uffffb.jpg");
    }

    @Test
    void theReceiveCountComesFromTheMessageAttributes() {
        assertThat(MessageActions.receiveCount(Message.builder().build())).isEqualTo(1);
        assertThat(MessageActions.receiveCount(Message.builder()
                .attributes(Map.of(MessageSystemAttributeName.APPROXIMATE_RECEIVE_COUNT, "3")).build())).isEqualTo(3);
        assertThat(MessageActions.receiveCount(Message.builder()
                .attributes(Map.of(MessageSystemAttributeName.APPROXIMATE_RECEIVE_COUNT, "many")).build())).isEqualTo(1);
    }
}

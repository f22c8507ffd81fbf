package io.imagepipe.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;

/** Local mode's queue kept in the data folder: what was sent and not deleted is there after a restart. */
class PersistentQueueSurvivesRestartTest {

    private static LocalSqs.Options options() {
        LocalSqs.Options d = LocalSqs.Options.defaults();
        return new LocalSqs.Options(d.host(), 0, d.region(), d.accountId(), "events", "events-dlq", 100,
                Duration.ZERO);
    }

    @Test
    void pendingMessagesReceiveCountsAndDeadLettersSurviveARestart(@TempDir Path dir) {
        try (LocalSqs first = LocalSqs.start(options(), dir); SqsClient sqs = TestClients.sqs(first.endpoint())) {
            sqs.sendMessage(b -> b.queueUrl(first.queueUrl()).messageBody("deleted"));
            Message deleted = sqs.receiveMessage(b -> b.queueUrl(first.queueUrl()).visibilityTimeout(30)
                    .waitTimeSeconds(1)).messages().get(0);
            sqs.deleteMessage(b -> b.queueUrl(first.queueUrl()).receiptHandle(deleted.receiptHandle()));
            for (int i = 0; i < 5; i++) {
                int n = i;
                sqs.sendMessage(b -> b.queueUrl(first.queueUrl()).messageBody("message " + n));
            }
            sqs.sendMessage(b -> b.queueUrl(first.dlqUrl()).messageBody("dead letter"));
            assertThat(receiveAll(sqs, first.queueUrl())).hasSize(5);
        }

        try (LocalSqs second = LocalSqs.start(options(), dir); SqsClient sqs = TestClients.sqs(second.endpoint())) {
            List<Message> received = receiveAll(sqs, second.queueUrl());
            assertThat(received).extracting(Message::body)
                    .containsExactlyInAnyOrder("message 0", "message 1", "message 2", "message 3", "message 4");
            // The receive before the restart counts: the DLQ's redrive sees the same history as before.
            assertThat(received).allSatisfy(m -> assertThat(Integer.parseInt(
                    m.attributes().get(MessageSystemAttributeName.APPROXIMATE_RECEIVE_COUNT))).isGreaterThanOrEqualTo(2));
            assertThat(receiveAll(sqs, second.dlqUrl())).extracting(Message::body).contains("dead letter");
        }
    }

    @Test
    void inMemoryQueueStartsEmpty(@TempDir Path dir) {
        try (LocalSqs first = LocalSqs.start(options()); SqsClient sqs = TestClients.sqs(first.endpoint())) {
            sqs.sendMessage(b -> b.queueUrl(first.queueUrl()).messageBody("lost on stop"));
        }
        try (LocalSqs second = LocalSqs.start(options()); SqsClient sqs = TestClients.sqs(second.endpoint())) {
            assertThat(receiveAll(sqs, second.queueUrl())).isEmpty();
        }
    }

    /** One receive of each message (the queue's visibility timeout is 0, so they come back at once). */
    private static List<Message> receiveAll(SqsClient sqs, String queueUrl) {
        java.util.Map<String, Message> all = new java.util.LinkedHashMap<>();
        for (int empty = 0; empty < 2; ) {
            List<Message> batch = sqs.receiveMessage(b -> b.queueUrl(queueUrl).maxNumberOfMessages(10)
                    .waitTimeSeconds(0).messageSystemAttributeNames(MessageSystemAttributeName.ALL)).messages();
            int before = all.size();
            batch.forEach(m -> all.putIfAbsent(m.messageId(), m));
            empty = all.size() == before ? empty + 1 : 0;
        }
        return List.copyOf(all.values());
    }
}

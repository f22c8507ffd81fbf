package io.imagepipe.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

class LocalSqsTest {
    private static final int MAX_RECEIVES = 3;
    private static LocalSqs server;
    private static SqsClient sqs;

    @BeforeAll
    static void start() {
        LocalSqs.Options d = LocalSqs.Options.defaults();
        server = LocalSqs.start(new LocalSqs.Options(d.host(), 0, d.region(), d.accountId(), "events", "events-dlq",
                MAX_RECEIVES, Duration.ZERO));
        sqs = TestClients.sqs(server.endpoint());
    }

    @AfterAll
    static void stop() {
        sqs.close();
        server.close();
    }

    @Test
    void queueUrlsNameTheBoundPortAndTheAccount() {
        String base = server.endpoint() + "/000000000000/";
        assertThat(server.endpoint().getPort()).isPositive();
        assertThat(server.queueUrl()).isEqualTo(base + "events");
        assertThat(server.dlqUrl()).isEqualTo(base + "events-dlq");
        assertThat(sqs.getQueueUrl(b -> b.queueName("events")).queueUrl()).isEqualTo(server.queueUrl());
    }

    @Test
    void mainQueueRedrivesToTheDlq() throws Exception {
        var attributes = sqs.getQueueAttributes(b -> b.queueUrl(server.queueUrl())
                .attributeNames(QueueAttributeName.ALL)).attributes();

        assertThat(attributes.get(QueueAttributeName.VISIBILITY_TIMEOUT)).isEqualTo("0");
        JsonNode redrive = new ObjectMapper().readTree(attributes.get(QueueAttributeName.REDRIVE_POLICY));
        assertThat(redrive.get("deadLetterTargetArn").asText())
                .isEqualTo("arn:aws:sqs:us-east-1:000000000000:events-dlq");
        assertThat(redrive.get("maxReceiveCount").asInt()).isEqualTo(MAX_RECEIVES);
    }

    @Test
    void aMessageReceivedMaxReceiveCountTimesMovesToTheDlq() {
        sqs.sendMessage(b -> b.queueUrl(server.queueUrl()).messageBody("poison"));

        int receives = 0;
        for (int attempt = 0; attempt < 2 * MAX_RECEIVES; attempt++) {
            List<Message> got = sqs.receiveMessage(b -> b.queueUrl(server.queueUrl()).waitTimeSeconds(0)).messages();
            if (got.isEmpty()) {
                break;
            }
            receives++;
        }
        List<Message> dead = sqs.receiveMessage(b -> b.queueUrl(server.dlqUrl()).waitTimeSeconds(2)
                .messageSystemAttributeNames(MessageSystemAttributeName.ALL)).messages();

        assertThat(receives).isEqualTo(MAX_RECEIVES);
        assertThat(dead).singleElement().satisfies(m -> {
            assertThat(m.body()).isEqualTo("poison");
            assertThat(m.attributesAsStrings()).containsEntry("DeadLetterQueueSourceArn",
                    "arn:aws:sqs:us-east-1:000000000000:events");
        });
    }
}

package io.imagepipe.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.imagepipe.config.Config;
import io.imagepipe.config.ConfigLoader;
import io.imagepipe.local.LocalEnvironment;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageAttributeValue;

/** Redrive against real SQS queues (ElasticMQ): by reason, dry run, send-then-delete, stops when empty. */
class RedriveTest {
    private static LocalEnvironment env;
    private static CommandClients clients;

    @BeforeAll
    static void start() {
        env = LocalEnvironment.start(LocalEnvironment.Options.ephemeral());
        Config config = new ConfigLoader(Map.of("IMAGEPIPE_QUEUE_URL", env.queueUrl(), "IMAGEPIPE_SQS_ENDPOINT",
                env.sqsEndpoint().toString()), Map.of()).load();
        clients = new CommandClients(config, env.credentialsProvider(), 4);
    }

    @AfterAll
    static void stop() {
        clients.close();
        env.close();
    }

    @Test
    void movesTheMessagesOfOneReasonThenTheRestAndADryRunOnlyCounts() {
        deadLetter("a", "s3_timeout");
        deadLetter("b", "s3_timeout");
        deadLetter("c", "corrupt");
        deadLetter("d", null);
        Redrive redrive = new Redrive(clients.sqs(), env.queueUrl(), env.dlqUrl());

        assertThat(redrive.run(Optional.empty(), true)).containsExactlyInAnyOrderEntriesOf(
                Map.of("s3_timeout", 2L, "corrupt", 1L, "none", 1L));
        assertThat(receiveAll(env.queueUrl())).as("a dry run moves nothing").isEmpty();

        assertThat(redrive.run(Optional.of("s3_timeout"), false)).containsExactlyEntriesOf(Map.of("s3_timeout", 2L));
        List<Message> moved = receiveAll(env.queueUrl());
        assertThat(moved).extracting(Message::body).containsExactlyInAnyOrder("a", "b");
        assertThat(moved).allSatisfy(m -> assertThat(m.messageAttributes()).doesNotContainKey(Redrive.REASON_ATTRIBUTE));

        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int status = new RedriveCommand(new PrintStream(out, true), new PrintStream(new ByteArrayOutputStream()))
                .run(List.of(), Map.of("IMAGEPIPE_QUEUE_URL", env.queueUrl(), "IMAGEPIPE_DLQ_URL", env.dlqUrl(),
                        "IMAGEPIPE_SQS_ENDPOINT", env.sqsEndpoint().toString()), env.credentialsProvider());
        assertThat(status).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("moved 1 corrupt", "moved 1 none", "moved 2 messages in all");
        assertThat(receiveAll(env.queueUrl())).extracting(Message::body).containsExactlyInAnyOrder("c", "d");
        assertThat(receiveAll(env.dlqUrl())).isEmpty();
    }

    @Test
    void withoutADlqUrlItSaysWhatToSet() {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status = new RedriveCommand(new PrintStream(new ByteArrayOutputStream()), new PrintStream(err, true))
                .run(List.of(), Map.of("IMAGEPIPE_QUEUE_URL", env.queueUrl()), env.credentialsProvider());
        assertThat(status).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("IMAGEPIPE_DLQ_URL is not set");
    }

    private static void deadLetter(String body, String reason) {
        clients.sqs().sendMessage(b -> {
            b.queueUrl(env.dlqUrl()).messageBody(body);
            if (reason != null) {
                b.messageAttributes(Map.of(Redrive.REASON_ATTRIBUTE, MessageAttributeValue.builder()
                        .dataType("String").stringValue(reason).build()));
            }
        }).join();
    }

    private static List<Message> receiveAll(String url) {
        List<Message> all = new ArrayList<>();
        while (true) {
            List<Message> batch = clients.sqs().receiveMessage(b -> b.queueUrl(url).maxNumberOfMessages(10)
                    .waitTimeSeconds(0).visibilityTimeout(30).messageAttributeNames("All")).join().messages();
            if (batch.isEmpty()) {
                return all;
            }
            for (Message m : batch) {
                all.add(m);
                clients.sqs().deleteMessage(b -> b.queueUrl(url).receiptHandle(m.receiptHandle())).join();
            }
        }
    }
}

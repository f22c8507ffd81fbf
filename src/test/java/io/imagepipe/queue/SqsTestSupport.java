package io.imagepipe.queue;

import static org.assertj.core.api.Assertions.assertThat;

import io.imagepipe.local.LocalSqs;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicInteger;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sqs.SqsAsyncClient;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * One ElasticMQ (shared by the queue tests through {@link SharedSqs}), a sync client for the tests' own
 * looking and an async one for the code under test.
 */
final class SqsTestSupport implements AutoCloseable {
    private static final AtomicInteger QUEUES = new AtomicInteger();

    final LocalSqs server;
    final SqsClient sync;
    final SqsAsyncClient async;
    /** The scheduler the queue classes under test run their batching and heartbeats on. */
    final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();

    SqsTestSupport() {
        server = LocalSqs.start(LocalSqs.Options.defaults());
        var credentials = StaticCredentialsProvider.create(AwsBasicCredentials.create("x", "y"));
        sync = SqsClient.builder().endpointOverride(server.endpoint()).region(Region.US_EAST_1)
                .credentialsProvider(credentials).build();
        async = SqsAsyncClient.builder().endpointOverride(server.endpoint()).region(Region.US_EAST_1)
                .credentialsProvider(credentials).build();
    }

    /** A fresh queue, so tests do not see each other's messages; received messages stay hidden 30 s. */
    String newQueue(String name) {
        String unique = name + "-" + QUEUES.incrementAndGet();
        return sync.createQueue(b -> b.queueName(unique)
                .attributes(Map.of(QueueAttributeName.VISIBILITY_TIMEOUT, "30"))).queueUrl();
    }

    void send(String queueUrl, String body) {
        sync.sendMessage(b -> b.queueUrl(queueUrl).messageBody(body));
    }

    /** Receives until {@code n} messages came (each then hidden 30 s), failing after a few seconds. */
    List<Message> receive(String queueUrl, int n) {
        List<Message> got = new ArrayList<>();
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (got.size() < n && System.nanoTime() < deadline) {
            got.addAll(sync.receiveMessage(b -> b.queueUrl(queueUrl).maxNumberOfMessages(Math.min(10, n - got.size()))
                    .waitTimeSeconds(1).messageSystemAttributeNames(MessageSystemAttributeName.ALL)
                    .messageAttributeNames("All")).messages());
        }
        assertThat(got).as("messages received from %s", queueUrl).hasSize(n);
        return got;
    }

    /** What a receive right now returns (no waiting). */
    List<Message> receiveNow(String queueUrl) {
        return sync.receiveMessage(b -> b.queueUrl(queueUrl).maxNumberOfMessages(10).waitTimeSeconds(0)
                .messageSystemAttributeNames(MessageSystemAttributeName.ALL).messageAttributeNames("All")).messages();
    }

    /** Messages that a receive could return now. */
    int visible(String queueUrl) {
        return count(queueUrl, QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES);
    }

    /** Messages received and not yet deleted or visible again. */
    int hidden(String queueUrl) {
        return count(queueUrl, QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE);
    }

    private int count(String queueUrl, QueueAttributeName name) {
        return Integer.parseInt(sync.getQueueAttributes(b -> b.queueUrl(queueUrl).attributeNames(name))
                .attributes().get(name));
    }

    @Override
    public void close() {
        timer.shutdownNow();
        async.close();
        sync.close();
        server.close();
    }
}

package io.imagepipe.local;

import java.net.URI;
import java.util.Objects;
import java.util.function.Consumer;

import software.amazon.awssdk.services.sqs.SqsClient;

/** Sends each notification body as one message to an SQS queue, synchronously. */
public final class SqsQueueSink implements Consumer<String>, AutoCloseable {
    private final SqsClient sqs;
    private final String queueUrl;

    public SqsQueueSink(URI sqsEndpoint, String region, String queueUrl) {
        this.sqs = LocalSqs.client(sqsEndpoint, region);
        this.queueUrl = Objects.requireNonNull(queueUrl, "queueUrl");
    }

    @Override
    public void accept(String body) {
        sqs.sendMessage(b -> b.queueUrl(queueUrl).messageBody(body));
    }

    @Override
    public void close() {
        sqs.close();
    }
}

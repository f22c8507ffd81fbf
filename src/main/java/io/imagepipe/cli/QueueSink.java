package io.imagepipe.cli;

import java.util.concurrent.CompletableFuture;
import software.amazon.awssdk.services.sqs.SqsAsyncClient;

/** Sends each notification as one message to the service's queue, as S3 would. */
public final class QueueSink implements EventSink {
    private final SqsAsyncClient sqs;
    private final String queueUrl;

    public QueueSink(SqsAsyncClient sqs, String queueUrl) {
        this.sqs = sqs;
        this.queueUrl = queueUrl;
    }

    @Override
    public CompletableFuture<String> deliver(String notificationJson) {
        return sqs.sendMessage(b -> b.queueUrl(queueUrl).messageBody(notificationJson)).thenApply(r -> "enqueued");
    }
}

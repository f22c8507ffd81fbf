package io.imagepipe.queue;

import io.imagepipe.pipeline.Disposition;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import software.amazon.awssdk.services.sqs.SqsAsyncClient;
import software.amazon.awssdk.services.sqs.model.MessageAttributeValue;

/**
 * Sends a message body to a dead-letter queue with the reason attached as message attributes. The
 * SQS consumer and the Lambda adapter both dead-letter through it, so the DLQ reads the same
 * whichever of them refused the message.
 */
public final class DeadLetters {
    public static final String REASON_ATTRIBUTE = "imagepipe-reason";
    public static final String MESSAGE_ATTRIBUTE = "imagepipe-message";
    public static final String SOURCE_QUEUE_ATTRIBUTE = "imagepipe-source-queue";

    private final SqsAsyncClient sqs;

    public DeadLetters(SqsAsyncClient sqs) {
        this.sqs = sqs;
    }

    /** @param sourceQueue where the message came from (a queue URL, or what else delivered it) */
    public CompletableFuture<Void> send(String dlqUrl, String body, Disposition.DeadLetter dead, String sourceQueue) {
        Map<String, MessageAttributeValue> attributes = Map.of(
                REASON_ATTRIBUTE, text(dead.reason()),
                MESSAGE_ATTRIBUTE, text(dead.message()),
                SOURCE_QUEUE_ATTRIBUTE, text(Disposition.attributeText(sourceQueue)));
        return sqs.sendMessage(b -> b.queueUrl(dlqUrl).messageBody(body).messageAttributes(attributes))
                .thenApply(r -> null);
    }

    private static MessageAttributeValue text(String value) {
        return MessageAttributeValue.builder().dataType("String").stringValue(value).build();
    }
}

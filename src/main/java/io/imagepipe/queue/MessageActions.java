package io.imagepipe.queue;

import io.imagepipe.pipeline.Outcome;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import software.amazon.awssdk.services.sqs.SqsAsyncClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageAttributeValue;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;

/** Turns an {@link Outcome} into what SQS must do with the message (DESIGN.md section 5). */
final class MessageActions {
    static final String REASON_ATTRIBUTE = "imagepipe-reason";
    static final String MESSAGE_ATTRIBUTE = "imagepipe-message";
    static final String SOURCE_QUEUE_ATTRIBUTE = "imagepipe-source-queue";
    private static final int MAX_ATTRIBUTE_CHARS = 1024;

    private final SqsAsyncClient sqs;
    private final String queueUrl;
    private final Optional<String> dlqUrl;
    private final BatchDeleter deleter;
    private final RetryBackoff backoff;

    MessageActions(SqsAsyncClient sqs, String queueUrl, Optional<String> dlqUrl, BatchDeleter deleter,
                   RetryBackoff backoff) {
        this.sqs = sqs;
        this.queueUrl = queueUrl;
        this.dlqUrl = dlqUrl;
        this.deleter = deleter;
        this.backoff = backoff;
    }

    CompletableFuture<Void> apply(Message message, Outcome outcome) {
        if (outcome instanceof Outcome.Released) {
            return release(message, Duration.ZERO);
        }
        if (outcome instanceof Outcome.Retry) {
            return release(message, backoff.delay(receiveCount(message)));
        }
        if (outcome instanceof Outcome.Rejected rejected) {
            return dlqUrl.map(dlq -> deadLetter(message, rejected, dlq))
                    // No DLQ of our own: make it visible again later and let the queue's redrive policy end it.
                    .orElseGet(() -> release(message, backoff.delay(receiveCount(message))));
        }
        return deleter.delete(message.receiptHandle());
    }

    /** Sends the body with the reason attached to the DLQ, then deletes the original. */
    private CompletableFuture<Void> deadLetter(Message message, Outcome.Rejected rejected, String dlq) {
        Map<String, MessageAttributeValue> attributes = Map.of(
                REASON_ATTRIBUTE, text(rejected.reason()),
                MESSAGE_ATTRIBUTE, text(rejected.message()),
                SOURCE_QUEUE_ATTRIBUTE, text(queueUrl));
        return sqs.sendMessage(b -> b.queueUrl(dlq).messageBody(message.body()).messageAttributes(attributes))
                .thenCompose(r -> deleter.delete(message.receiptHandle()));
    }

    CompletableFuture<Void> release(Message message, Duration hiddenFor) {
        return sqs.changeMessageVisibility(b -> b.queueUrl(queueUrl).receiptHandle(message.receiptHandle())
                .visibilityTimeout((int) hiddenFor.toSeconds())).thenApply(r -> null);
    }

    static int receiveCount(Message message) {
        String count = message.attributes().get(MessageSystemAttributeName.APPROXIMATE_RECEIVE_COUNT);
        try {
            return count == null ? 1 : Integer.parseInt(count);
        } catch (NumberFormatException e) {
            return 1;
        }
    }

    private static MessageAttributeValue text(String value) {
        String v = value == null || value.isEmpty() ? "-" : value;
        if (v.codePointCount(0, v.length()) > MAX_ATTRIBUTE_CHARS) {
            // Cut between code points: half a surrogate pair would make SQS refuse the whole message.
            v = v.substring(0, v.offsetByCodePoints(0, MAX_ATTRIBUTE_CHARS));
        }
        return MessageAttributeValue.builder().dataType("String").stringValue(v).build();
    }
}

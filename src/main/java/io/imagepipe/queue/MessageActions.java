package io.imagepipe.queue;

import io.imagepipe.pipeline.Disposition;
import io.imagepipe.pipeline.Outcome;
import io.imagepipe.pipeline.RetryBackoff;
import java.time.Duration;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.CompletableFuture;
import software.amazon.awssdk.services.sqs.SqsAsyncClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;

/** Turns an {@link Outcome} into what SQS must do with the message (DESIGN.md section 5). */
final class MessageActions {
    static final String REASON_ATTRIBUTE = DeadLetters.REASON_ATTRIBUTE;
    static final String MESSAGE_ATTRIBUTE = DeadLetters.MESSAGE_ATTRIBUTE;
    static final String SOURCE_QUEUE_ATTRIBUTE = DeadLetters.SOURCE_QUEUE_ATTRIBUTE;

    private final SqsAsyncClient sqs;
    private final String queueUrl;
    private final Optional<String> dlqUrl;
    private final BatchDeleter deleter;
    private final DeadLetters deadLetters;
    private final Disposition.Rule rule;
    private final OptionalInt maxReceiveCount;

    /**
     * @param maxReceiveCount the queue's redrive {@code maxReceiveCount} (see {@link RedrivePolicy}):
     *                        on that receive a still-failing message is dead-lettered with its reason
     */
    MessageActions(SqsAsyncClient sqs, String queueUrl, Optional<String> dlqUrl, BatchDeleter deleter,
                   RetryBackoff backoff, OptionalInt maxReceiveCount) {
        this.sqs = sqs;
        this.queueUrl = queueUrl;
        this.dlqUrl = dlqUrl;
        this.deleter = deleter;
        this.deadLetters = new DeadLetters(sqs);
        this.rule = new Disposition.Rule(backoff, dlqUrl.isPresent());
        this.maxReceiveCount = maxReceiveCount;
    }

    CompletableFuture<Void> apply(Message message, Outcome outcome) {
        Disposition disposition = rule.decide(outcome, receiveCount(message), maxReceiveCount);
        if (disposition instanceof Disposition.ReleaseNow) {
            return release(message, Duration.ZERO);
        }
        if (disposition instanceof Disposition.Release release) {
            return release(message, release.delay());
        }
        if (disposition instanceof Disposition.DeadLetter dead) {
            return deadLetter(message, dead, dlqUrl.orElseThrow());
        }
        return deleter.delete(message.receiptHandle());
    }

    /** Sends the body with the reason attached to the DLQ, then deletes the original. */
    private CompletableFuture<Void> deadLetter(Message message, Disposition.DeadLetter dead, String dlq) {
        return deadLetters.send(dlq, message.body(), dead, queueUrl)
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
}

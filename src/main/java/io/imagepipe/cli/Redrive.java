package io.imagepipe.cli;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import software.amazon.awssdk.services.sqs.SqsAsyncClient;
import software.amazon.awssdk.services.sqs.model.ChangeMessageVisibilityBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageAttributeValue;

/**
 * Moves dead-lettered messages back to the main queue, all of them or those of one reason. Each message
 * is sent to the queue first and deleted from the DLQ only after the send succeeded, so a failure in
 * between leaves a duplicate (which the pipeline answers as {@code duplicate}), never a loss.
 */
public final class Redrive {
    /** What the consumer writes on every message it dead-letters (queue/MessageActions). */
    public static final String REASON_ATTRIBUTE = "imagepipe-reason";
    /** The reason shown for messages the queue's redrive policy moved without one. */
    public static final String NO_REASON = "none";
    private static final int HIDE_SECONDS = 120;

    private final SqsAsyncClient sqs;
    private final String queueUrl;
    private final String dlqUrl;

    public Redrive(SqsAsyncClient sqs, String queueUrl, String dlqUrl) {
        this.sqs = sqs;
        this.queueUrl = queueUrl;
        this.dlqUrl = dlqUrl;
    }

    /**
     * @param reason  only messages of this {@code imagepipe-reason} ({@link #NO_REASON} for those without); empty for all
     * @param dryRun  count, move nothing
     * @return messages per reason: moved, or (dry run) found
     */
    public Map<String, Long> run(Optional<String> reason, boolean dryRun) {
        Map<String, Long> counts = new TreeMap<>();
        Set<String> seen = new HashSet<>();
        List<Message> leftHidden = new ArrayList<>();
        try {
            int emptyReceives = 0;
            while (emptyReceives < 2) {
                List<Message> batch = sqs.receiveMessage(b -> b.queueUrl(dlqUrl).maxNumberOfMessages(10)
                        .waitTimeSeconds(1).visibilityTimeout(HIDE_SECONDS).messageAttributeNames("All")
                        .messageSystemAttributeNamesWithStrings("All")).join().messages();
                boolean anyNew = false;
                for (Message m : batch) {
                    if (!seen.add(m.messageId())) {
                        continue;
                    }
                    anyNew = true;
                    String why = reasonOf(m);
                    boolean selected = reason.isEmpty() || reason.get().equals(why);
                    if (dryRun || !selected) {
                        leftHidden.add(m);
                        if (selected) {
                            counts.merge(why, 1L, Long::sum);
                        }
                        continue;
                    }
                    move(m);
                    counts.merge(why, 1L, Long::sum);
                }
                emptyReceives = anyNew ? 0 : emptyReceives + 1;
            }
        } finally {
            showAgain(leftHidden);
        }
        return counts;
    }

    static String reasonOf(Message m) {
        MessageAttributeValue v = m.messageAttributes().get(REASON_ATTRIBUTE);
        return v == null || v.stringValue() == null || v.stringValue().isBlank() ? NO_REASON : v.stringValue();
    }

    /** Send, then delete: the message is in one queue or both, never in none. */
    private void move(Message m) {
        Map<String, MessageAttributeValue> attributes = new HashMap<>(m.messageAttributes());
        attributes.keySet().removeIf(k -> k.startsWith("imagepipe-")); // the old failure's reason no longer applies
        sqs.sendMessage(b -> b.queueUrl(queueUrl).messageBody(m.body()).messageAttributes(attributes)).join();
        sqs.deleteMessage(b -> b.queueUrl(dlqUrl).receiptHandle(m.receiptHandle())).join();
    }

    /** Messages looked at and not moved become visible again at once, not after the hiding time. */
    private void showAgain(List<Message> messages) {
        for (int from = 0; from < messages.size(); from += 10) {
            List<ChangeMessageVisibilityBatchRequestEntry> entries = new ArrayList<>();
            for (int i = from; i < Math.min(messages.size(), from + 10); i++) {
                entries.add(ChangeMessageVisibilityBatchRequestEntry.builder().id(Integer.toString(i))
                        .receiptHandle(messages.get(i).receiptHandle()).visibilityTimeout(0).build());
            }
            sqs.changeMessageVisibilityBatch(b -> b.queueUrl(dlqUrl).entries(entries)).join();
        }
    }
}

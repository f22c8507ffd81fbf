package io.imagepipe.queue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.sqs.SqsAsyncClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * The queue's redrive policy, read once at start: after {@code maxReceiveCount} receives SQS moves
 * a message to {@code deadLetterTargetArn} by itself, without any reason attached. Knowing it lets
 * the consumer dead-letter a still-failing message itself on its last receive, with the reason.
 */
public record RedrivePolicy(OptionalInt maxReceiveCount, Optional<String> deadLetterTargetArn) {
    private static final Logger log = LoggerFactory.getLogger(RedrivePolicy.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    public static final RedrivePolicy NONE = new RedrivePolicy(OptionalInt.empty(), Optional.empty());

    /** Never throws: a queue whose attributes cannot be read is treated as having no redrive policy. */
    public static RedrivePolicy read(SqsAsyncClient sqs, String queueUrl) {
        try {
            String policy = sqs.getQueueAttributes(b -> b.queueUrl(queueUrl)
                            .attributeNames(QueueAttributeName.REDRIVE_POLICY))
                    .get(15, TimeUnit.SECONDS).attributes().get(QueueAttributeName.REDRIVE_POLICY);
            return parse(policy);
        } catch (Exception e) {
            log.warn("could not read the redrive policy of {} ({}); a message still failing on its last receive "
                    + "will reach the dead-letter queue without a reason", queueUrl, e.toString());
            return NONE;
        }
    }

    /** {@code {"deadLetterTargetArn":"arn:aws:sqs:...","maxReceiveCount":"5"}}; the count may be a string or a number. */
    public static RedrivePolicy parse(String policy) {
        if (policy == null || policy.isBlank()) {
            return NONE;
        }
        try {
            JsonNode node = JSON.readTree(policy);
            JsonNode count = node.path("maxReceiveCount");
            int max = count.isNumber() ? count.asInt() : Integer.parseInt(count.asText("").trim());
            String arn = node.path("deadLetterTargetArn").asText("");
            return new RedrivePolicy(max > 0 ? OptionalInt.of(max) : OptionalInt.empty(),
                    arn.isBlank() ? Optional.empty() : Optional.of(arn));
        } catch (Exception e) {
            log.warn("unreadable redrive policy {}: {}", policy, e.toString());
            return NONE;
        }
    }

    /** The DLQ's URL from its ARN ({@code arn:aws:sqs:region:account:name}), asking SQS; empty when it cannot. */
    public Optional<String> deadLetterQueueUrl(SqsAsyncClient sqs) {
        if (deadLetterTargetArn.isEmpty()) {
            return Optional.empty();
        }
        String[] parts = deadLetterTargetArn.get().split(":");
        if (parts.length < 6) {
            return Optional.empty();
        }
        try {
            return Optional.of(sqs.getQueueUrl(b -> b.queueName(parts[5]).queueOwnerAWSAccountId(parts[4]))
                    .get(15, TimeUnit.SECONDS).queueUrl());
        } catch (Exception e) {
            log.warn("could not find the URL of the dead-letter queue {} ({})", deadLetterTargetArn.get(), e.toString());
            return Optional.empty();
        }
    }
}

package io.imagepipe.lambda;

import io.imagepipe.queue.RedrivePolicy;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.TimeUnit;
import software.amazon.awssdk.services.sqs.SqsAsyncClient;

/**
 * What the SQS handler needs to know about the queue a record came from: its URL (to hide a
 * retried record for its backoff), its redrive {@code maxReceiveCount} (to dead-letter a record
 * still failing on its last receive, with the reason) and the dead-letter queue to send refused
 * records to. Learnt once per queue and execution environment.
 *
 * @param url             the queue's URL
 * @param maxReceiveCount from its redrive policy; empty without one
 * @param dlqUrl          {@code IMAGEPIPE_DLQ_URL}, else the redrive policy's target; empty without either
 */
record SourceQueue(String url, OptionalInt maxReceiveCount, Optional<String> dlqUrl) {

    /** @param arn the record's {@code eventSourceARN}, {@code arn:aws:sqs:region:account:name} */
    static SourceQueue lookUp(SqsAsyncClient sqs, String arn, Optional<String> configuredDlq) throws Exception {
        String[] parts = arn == null ? new String[0] : arn.split(":");
        if (parts.length < 6 || !parts[2].equals("sqs")) {
            throw new IllegalArgumentException("eventSourceARN '" + arn + "' is not an SQS queue ARN");
        }
        String url = sqs.getQueueUrl(b -> b.queueName(parts[5]).queueOwnerAWSAccountId(parts[4]))
                .get(10, TimeUnit.SECONDS).queueUrl();
        RedrivePolicy redrive = RedrivePolicy.read(sqs, url);
        Optional<String> dlq = configuredDlq.or(() -> redrive.deadLetterQueueUrl(sqs));
        return new SourceQueue(url, redrive.maxReceiveCount(), dlq);
    }
}

package io.imagepipe.queue;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/** Reading the queue's redrive policy once at start, against ElasticMQ. */
@ExtendWith(SharedSqs.class)
class RedrivePolicyTest {
    private static SqsTestSupport sqs;

    @BeforeAll
    static void start(SqsTestSupport shared) {
        sqs = shared;
    }

    @Test
    void theCountMayBeAStringOrANumber() {
        assertThat(RedrivePolicy.parse("{\"deadLetterTargetArn\":\"arn:aws:sqs:us-east-1:1:d\",\"maxReceiveCount\":\"5\"}"))
                .isEqualTo(new RedrivePolicy(OptionalInt.of(5), Optional.of("arn:aws:sqs:us-east-1:1:d")));
        assertThat(RedrivePolicy.parse("{\"deadLetterTargetArn\":\"arn:aws:sqs:us-east-1:1:d\",\"maxReceiveCount\":3}")
                .maxReceiveCount()).hasValue(3);
    }

    @Test
    void noOrAnUnreadablePolicyMeansNone() {
        assertThat(RedrivePolicy.parse(null)).isEqualTo(RedrivePolicy.NONE);
        assertThat(RedrivePolicy.parse("")).isEqualTo(RedrivePolicy.NONE);
        assertThat(RedrivePolicy.parse("{not json")).isEqualTo(RedrivePolicy.NONE);
        assertThat(RedrivePolicy.parse("{\"maxReceiveCount\":\"many\"}")).isEqualTo(RedrivePolicy.NONE);
    }

    @Test
    void aQueueWithARedrivePolicyGivesItsCountAndItsDeadLetterQueueUrl() {
        String dlq = sqs.newQueue("redrive-dlq");
        String arn = sqs.sync.getQueueAttributes(b -> b.queueUrl(dlq).attributeNames(QueueAttributeName.QUEUE_ARN))
                .attributes().get(QueueAttributeName.QUEUE_ARN);
        String queue = sqs.sync.createQueue(b -> b.queueName("redriven-" + System.nanoTime()).attributes(Map.of(
                QueueAttributeName.REDRIVE_POLICY, "{\"deadLetterTargetArn\":\"" + arn + "\",\"maxReceiveCount\":\"4\"}")))
                .queueUrl();

        RedrivePolicy policy = RedrivePolicy.read(sqs.async, queue);

        assertThat(policy.maxReceiveCount()).hasValue(4);
        assertThat(policy.deadLetterQueueUrl(sqs.async)).hasValue(dlq);
    }

    @Test
    void aQueueWithoutOneHasNone() {
        assertThat(RedrivePolicy.read(sqs.async, sqs.newQueue("plain"))).isEqualTo(RedrivePolicy.NONE);
    }
}

package io.imagepipe.app;

import static io.imagepipe.app.LocalService.eventually;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/** The consumer takes no more messages from SQS than its in-flight limit, however many wait. */
class BackpressureTest {

    @Test
    void neverMoreMessagesInFlightThanTheLimit() throws Exception {
        try (LocalService local = new LocalService(Map.of("IMAGEPIPE_MAX_INFLIGHT", "2", "IMAGEPIPE_WORKERS", "1"))) {
            byte[] image = TestImages.noisePng(800, 600, 3);
            for (int i = 0; i < 6; i++) {
                int n = i;
                local.s3.putObject(b -> b.bucket("uploads").key("burst/" + n + ".png"), RequestBody.fromBytes(image));
            }
            AtomicInteger mostInFlight = new AtomicInteger();
            AtomicInteger mostHidden = new AtomicInteger();
            eventually("all six are processed", () -> {
                mostInFlight.accumulateAndGet(local.mode.service().inFlight(), Math::max);
                String hidden = local.sqs.getQueueAttributes(b -> b.queueUrl(local.queueUrl())
                        .attributeNames(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE))
                        .attributes().get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE);
                mostHidden.accumulateAndGet(Integer.parseInt(hidden), Math::max);
                return local.outcomes("processed") == 6;
            });
            assertThat(mostInFlight.get()).isBetween(1, 2);
            // SQS's own count of received-but-not-deleted messages: what the consumer asked for.
            assertThat(mostHidden.get()).isLessThanOrEqualTo(2);
        }
    }
}

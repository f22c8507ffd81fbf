package io.imagepipe.app;

import static io.imagepipe.app.LocalService.eventually;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/** What happens to a message when S3 fails, when the service stops mid-work, and around its own output. */
class FailureHandlingTest {

    @Test
    void s3OutageReleasesTheMessageWithBackoffInsteadOfLosingIt() {
        try (LocalService local = new LocalService(Map.of())) {
            local.mode.environment().s3().close();
            local.sqs.sendMessage(b -> b.queueUrl(local.queueUrl())
                    .messageBody(ServiceEndToEndTest.s3Notification("uploads", "outage/photo.jpg")));
            eventually("the failure is counted as retried", () -> local.outcomes("retried") >= 1);
            // Released with a 10 s backoff: still on the queue, but hidden.
            Map<QueueAttributeName, String> attributes = local.sqs.getQueueAttributes(b -> b.queueUrl(local.queueUrl())
                    .attributeNames(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE)).attributes();
            assertThat(attributes.get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE)).isEqualTo("1");
            assertThat(local.outcomes("rejected")).isZero();
        }
    }

    @Test
    void shutdownReleasesWhatIsStillInFlight() {
        try (LocalService local = new LocalService(Map.of("IMAGEPIPE_SHUTDOWN_GRACE_SECONDS", "0",
                "IMAGEPIPE_WORKERS", "1"))) {
            // One worker and two big images: when the service is told to stop, the second has not started.
            byte[] big = TestImages.noisePng(2500, 2500, 1);
            local.s3.putObject(b -> b.bucket("uploads").key("slow/first.png"), RequestBody.fromBytes(big));
            local.s3.putObject(b -> b.bucket("uploads").key("slow/second.png"), RequestBody.fromBytes(big));
            eventually("both messages are in flight", () -> local.mode.service().inFlight() == 2);
            local.mode.service().close(); // the service only: S3 and SQS stay up to look at the queue
            assertThat(local.outcomes("released")).isEqualTo(2);
            List<Message> back = new ArrayList<>();
            eventually("the unstarted message is back on the queue", () -> {
                back.addAll(local.sqs.receiveMessage(b -> b.queueUrl(local.queueUrl()).waitTimeSeconds(1)
                        .maxNumberOfMessages(10)
                        .messageSystemAttributeNames(MessageSystemAttributeName.APPROXIMATE_RECEIVE_COUNT)).messages());
                return back.stream().anyMatch(m -> m.body().contains("slow/second.png"));
            });
            Message second = back.stream().filter(m -> m.body().contains("slow/second.png")).findFirst().orElseThrow();
            assertThat(second.attributes().get(MessageSystemAttributeName.APPROXIMATE_RECEIVE_COUNT)).isEqualTo("2");
        }
    }

    @Test
    void outputInASourceBucketIsSkippedNotProcessedAgain() throws Exception {
        try (LocalService local = new LocalService(Map.of("IMAGEPIPE_OUTPUT_BUCKET", "uploads",
                "IMAGEPIPE_OUTPUT_PREFIX", "processed/"))) {
            local.s3.putObject(b -> b.bucket("uploads").key("cat.jpg"), RequestBody.fromBytes(TestImages.jpeg(500, 400)));
            eventually("the manifest is written", () -> exists(local, "processed/manifests/cat.jpg.json"));
            // The four writes notify the queue like any upload; each must be skipped, and nothing nests.
            eventually("the service's own writes are skipped", () -> local.outcomes("skipped") >= 4);
            // Counted after the look at the source that follows the manifest: not at once with it.
            eventually("the source is counted as processed", () -> local.outcomes("processed") >= 1);
            assertThat(local.outcomes("processed")).isEqualTo(1);
            assertThat(exists(local, "processed/thumb/processed/thumb/cat.jpg")).isFalse();
        }
    }

    private static boolean exists(LocalService local, String key) {
        try {
            local.s3.headObject(b -> b.bucket("uploads").key(key));
            return true;
        } catch (software.amazon.awssdk.services.s3.model.S3Exception e) {
            return false;
        }
    }
}

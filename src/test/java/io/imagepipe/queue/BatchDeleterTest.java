package io.imagepipe.queue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchRequestEntry;

/** {@link BatchDeleter} against ElasticMQ. */
@ExtendWith(SharedSqs.class)
class BatchDeleterTest {
    private static final long GUARD_SECONDS = 10;
    private static SqsTestSupport sqs;

    @BeforeAll
    static void start(SqsTestSupport shared) {
        sqs = shared;
    }

    private static void sendMany(String queueUrl, int n) {
        for (int from = 0; from < n; from += 10) {
            List<SendMessageBatchRequestEntry> entries = IntStream.range(from, Math.min(n, from + 10))
                    .mapToObj(i -> SendMessageBatchRequestEntry.builder().id("m" + i).messageBody("body " + i).build())
                    .toList();
            assertThat(sqs.sync.sendMessageBatch(b -> b.queueUrl(queueUrl).entries(entries)).failed()).isEmpty();
        }
    }

    @Test
    void deletesEveryMessageItIsGiven() throws Exception {
        String queue = sqs.newQueue("delete-25");
        sendMany(queue, 25);
        List<Message> received = sqs.receive(queue, 25);
        assertThat(sqs.hidden(queue)).isEqualTo(25);
        BatchDeleter deleter = new BatchDeleter(sqs.async, queue, sqs.timer);

        List<CompletableFuture<Void>> deletes = received.stream().map(m -> deleter.delete(m.receiptHandle())).toList();

        CompletableFuture.allOf(deletes.toArray(CompletableFuture[]::new)).get(GUARD_SECONDS, TimeUnit.SECONDS);
        assertThat(sqs.visible(queue)).isZero();
        assertThat(sqs.hidden(queue)).isZero();
        assertThat(sqs.receiveNow(queue)).isEmpty();
    }

    @Test
    void aLoneDeleteIsSentWithoutWaitingForABatchToFill() throws Exception {
        String queue = sqs.newQueue("delete-1");
        sqs.send(queue, "alone");
        Message m = sqs.receive(queue, 1).get(0);
        BatchDeleter deleter = new BatchDeleter(sqs.async, queue, sqs.timer);

        deleter.delete(m.receiptHandle()).get(GUARD_SECONDS, TimeUnit.SECONDS);

        assertThat(sqs.hidden(queue)).isZero();
    }

    @Test
    void aBogusReceiptHandleCompletesExceptionally() {
        String queue = sqs.newQueue("delete-bogus");
        BatchDeleter deleter = new BatchDeleter(sqs.async, queue, sqs.timer);

        Throwable failed = catchThrowable(() -> deleter.delete("not-a-receipt-handle").get(GUARD_SECONDS,
                TimeUnit.SECONDS));

        assertThat(failed).isInstanceOf(ExecutionException.class).cause().hasMessageContaining("ReceiptHandleIsInvalid");
    }

    @Test
    void aBogusReceiptHandleDoesNotFailTheOthersInItsBatch() throws Exception {
        String queue = sqs.newQueue("delete-mixed");
        sendMany(queue, 3);
        List<Message> received = sqs.receive(queue, 3);
        BatchDeleter deleter = new BatchDeleter(sqs.async, queue, sqs.timer);

        CompletableFuture<Void> first = deleter.delete(received.get(0).receiptHandle());
        CompletableFuture<Void> bogus = deleter.delete("not-a-receipt-handle");
        CompletableFuture<Void> second = deleter.delete(received.get(1).receiptHandle());
        CompletableFuture<Void> third = deleter.delete(received.get(2).receiptHandle());

        Throwable failed = catchThrowable(() -> bogus.get(GUARD_SECONDS, TimeUnit.SECONDS));
        assertThat(failed).isInstanceOf(ExecutionException.class);
        first.get(GUARD_SECONDS, TimeUnit.SECONDS);
        second.get(GUARD_SECONDS, TimeUnit.SECONDS);
        third.get(GUARD_SECONDS, TimeUnit.SECONDS);
        assertThat(sqs.hidden(queue)).isZero();
    }
}

package io.imagepipe.queue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.sqs.SqsAsyncClient;
import software.amazon.awssdk.services.sqs.model.BatchResultErrorEntry;
import software.amazon.awssdk.services.sqs.model.DeleteMessageBatchRequestEntry;

/**
 * Deletes messages ten at a time (the SQS batch limit), waiting at most a few milliseconds for a
 * batch to fill. Each caller's future completes when its own message is deleted.
 */
final class BatchDeleter {
    private static final Logger log = LoggerFactory.getLogger(BatchDeleter.class);
    private static final int MAX_BATCH = 10;
    private static final long LINGER_MILLIS = 20;

    private record Pending(String receiptHandle, CompletableFuture<Void> done) {
    }

    private final SqsAsyncClient sqs;
    private final String queueUrl;
    private final ScheduledExecutorService timer;
    private final List<Pending> pending = new ArrayList<>();
    private boolean flushScheduled;

    BatchDeleter(SqsAsyncClient sqs, String queueUrl, ScheduledExecutorService timer) {
        this.sqs = sqs;
        this.queueUrl = queueUrl;
        this.timer = timer;
    }

    CompletableFuture<Void> delete(String receiptHandle) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        List<Pending> full = null;
        synchronized (this) {
            pending.add(new Pending(receiptHandle, done));
            if (pending.size() >= MAX_BATCH) {
                full = takeAll();
            } else if (!flushScheduled) {
                try {
                    timer.schedule(this::flush, LINGER_MILLIS, TimeUnit.MILLISECONDS);
                    flushScheduled = true;
                } catch (java.util.concurrent.RejectedExecutionException stopped) {
                    full = takeAll(); // the timer is gone (shutting down): send now rather than strand the batch
                }
            }
        }
        if (full != null) {
            send(full);
        }
        return done;
    }

    void flush() {
        List<Pending> batch;
        synchronized (this) {
            flushScheduled = false;
            batch = takeAll();
        }
        if (!batch.isEmpty()) {
            send(batch);
        }
    }

    private List<Pending> takeAll() {
        List<Pending> batch = new ArrayList<>(pending);
        pending.clear();
        return batch;
    }

    private void send(List<Pending> batch) {
        List<DeleteMessageBatchRequestEntry> entries = new ArrayList<>();
        for (int i = 0; i < batch.size(); i++) {
            entries.add(DeleteMessageBatchRequestEntry.builder().id(Integer.toString(i))
                    .receiptHandle(batch.get(i).receiptHandle()).build());
        }
        CompletableFuture<software.amazon.awssdk.services.sqs.model.DeleteMessageBatchResponse> sent;
        try {
            sent = sqs.deleteMessageBatch(b -> b.queueUrl(queueUrl).entries(entries));
        } catch (RuntimeException e) {
            sent = CompletableFuture.failedFuture(e); // every caller of the batch must hear of it
        }
        sent.whenComplete((response, error) -> {
            if (error != null) {
                log.warn("deleting {} messages failed: {}", batch.size(), error.toString());
                batch.forEach(p -> p.done().completeExceptionally(error));
                return;
            }
            for (BatchResultErrorEntry failed : response.failed()) {
                Pending p = batch.get(Integer.parseInt(failed.id()));
                log.warn("deleting a message failed: {} {}", failed.code(), failed.message());
                p.done().completeExceptionally(new IllegalStateException(failed.code() + ": " + failed.message()));
            }
            batch.forEach(p -> p.done().complete(null));
        });
    }
}

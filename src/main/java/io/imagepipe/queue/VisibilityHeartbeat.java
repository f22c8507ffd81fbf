package io.imagepipe.queue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.sqs.SqsAsyncClient;
import software.amazon.awssdk.services.sqs.model.ChangeMessageVisibilityBatchRequestEntry;

/**
 * Keeps in-flight messages hidden while they are worked on: every heartbeat, their visibility
 * timeout is set again from now, in batches of ten. A long job on a huge image therefore never
 * reappears on the queue for a second consumer to start.
 */
final class VisibilityHeartbeat {
    private static final Logger log = LoggerFactory.getLogger(VisibilityHeartbeat.class);

    private final SqsAsyncClient sqs;
    private final String queueUrl;
    private final Duration visibility;
    private final Set<String> receiptHandles = ConcurrentHashMap.newKeySet();
    private final ScheduledFuture<?> task;

    VisibilityHeartbeat(SqsAsyncClient sqs, String queueUrl, Duration visibility, Duration every,
                        ScheduledExecutorService timer) {
        this.sqs = sqs;
        this.queueUrl = queueUrl;
        this.visibility = visibility;
        this.task = timer.scheduleAtFixedRate(this::beat, every.toMillis(), every.toMillis(), TimeUnit.MILLISECONDS);
    }

    void track(String receiptHandle) {
        receiptHandles.add(receiptHandle);
    }

    void untrack(String receiptHandle) {
        receiptHandles.remove(receiptHandle);
    }

    void stop() {
        task.cancel(false);
    }

    /** Never throws: an exception would cancel every later beat of the scheduled task. */
    private void beat() {
        try {
            extendAll();
        } catch (RuntimeException e) {
            log.warn("visibility heartbeat failed: {}", e.toString());
        }
    }

    private void extendAll() {
        List<ChangeMessageVisibilityBatchRequestEntry> entries = new ArrayList<>();
        receiptHandles.forEach(handle -> entries.add(ChangeMessageVisibilityBatchRequestEntry.builder()
                .id(Integer.toString(entries.size())).receiptHandle(handle)
                .visibilityTimeout((int) visibility.toSeconds()).build()));
        for (int from = 0; from < entries.size(); from += 10) {
            List<ChangeMessageVisibilityBatchRequestEntry> batch = entries.subList(from,
                    Math.min(entries.size(), from + 10));
            sqs.changeMessageVisibilityBatch(b -> b.queueUrl(queueUrl).entries(batch)).whenComplete((r, e) -> {
                if (e != null) {
                    log.warn("extending the visibility of {} messages failed: {}", batch.size(), e.toString());
                } else if (!r.failed().isEmpty()) {
                    log.warn("extending visibility failed for {} messages: {}", r.failed().size(),
                            r.failed().get(0).message());
                }
            });
        }
    }
}

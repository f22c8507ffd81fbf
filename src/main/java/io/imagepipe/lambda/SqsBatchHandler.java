package io.imagepipe.lambda;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import io.imagepipe.pipeline.Disposition;
import io.imagepipe.pipeline.Outcome;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The SQS event source's handler ({@code io.imagepipe.lambda.SqsBatchHandler::handleRequest}, with
 * {@code ReportBatchItemFailures}). Each record goes through the same pipeline as the service, at
 * most {@code IMAGEPIPE_MAX_INFLIGHT} of a batch at once, and its Outcome is acted on as
 * {@link Disposition.Rule#decide} says:
 * <ul>
 *   <li>delete: the record succeeds, Lambda deletes it;</li>
 *   <li>dead-letter: sent to the DLQ with the reason attributes the service uses, then reported as
 *       a success so it is deleted and not retried for ever; if that send fails, it is retried;</li>
 *   <li>release: its visibility is set to the backoff delay, and it is listed in
 *       {@code batchItemFailures} so Lambda leaves it on the queue.</li>
 * </ul>
 * A record not finished before the invocation's time runs out is listed as failed too.
 */
public final class SqsBatchHandler implements RequestHandler<SQSEvent, SQSBatchResponse> {
    /** Kept free at the end of an invocation to report the batch and write the metrics. */
    static final Duration RESERVE = Duration.ofMillis(1500);

    private final FunctionEnvironment environment;
    private final Logger log;
    private final Semaphore slots;

    /** The Lambda runtime's constructor: runs once per execution environment, in the init phase. */
    public SqsBatchHandler() {
        this(FunctionEnvironment.fromSystem());
    }

    public SqsBatchHandler(FunctionEnvironment environment) {
        this.environment = environment;
        this.log = LoggerFactory.getLogger(SqsBatchHandler.class);
        this.slots = new Semaphore(environment.config().maxInflight());
    }

    @Override
    public SQSBatchResponse handleRequest(SQSEvent event, Context context) {
        List<SQSEvent.SQSMessage> records = event.getRecords() == null ? List.of() : event.getRecords();
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(context.getRemainingTimeInMillis())
                - RESERVE.toNanos();
        List<CompletableFuture<Boolean>> succeeded = new ArrayList<>(records.size());
        for (SQSEvent.SQSMessage record : records) {
            succeeded.add(start(record, deadline));
        }
        List<SQSBatchResponse.BatchItemFailure> failures = new ArrayList<>();
        for (int i = 0; i < records.size(); i++) {
            SQSEvent.SQSMessage record = records.get(i);
            if (!finishedInTime(succeeded.get(i), deadline, record)) {
                failures.add(new SQSBatchResponse.BatchItemFailure(record.getMessageId()));
            }
        }
        environment.flushMetrics();
        return new SQSBatchResponse(failures);
    }

    /** Waits for one of the batch's slots; a record that gets none before the deadline is not started. */
    private CompletableFuture<Boolean> start(SQSEvent.SQSMessage record, long deadline) {
        try {
            if (!slots.tryAcquire(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS)) {
                return CompletableFuture.failedFuture(new java.util.concurrent.TimeoutException("not started in time"));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return CompletableFuture.completedFuture(false);
        }
        CompletableFuture<Boolean> done;
        try {
            done = environment.pipeline().handle(record.getBody()).thenCompose(outcome -> act(record, outcome));
        } catch (RuntimeException e) {
            done = CompletableFuture.failedFuture(e);
        }
        return done.whenComplete((ok, error) -> slots.release());
    }

    /** @return true when the record is done with and Lambda may delete it */
    private CompletableFuture<Boolean> act(SQSEvent.SQSMessage record, Outcome outcome) {
        SourceQueue queue;
        try {
            queue = environment.queue(record.getEventSourceArn());
        } catch (Exception e) {
            log.warn("cannot learn the queue of record {} ({}); it is left for another try: {}", record.getMessageId(),
                    record.getEventSourceArn(), e.toString());
            return CompletableFuture.completedFuture(false);
        }
        Disposition.Rule rule = new Disposition.Rule(environment.backoff(), queue.dlqUrl().isPresent());
        Disposition disposition = rule.decide(outcome, receiveCount(record), queue.maxReceiveCount());
        if (disposition instanceof Disposition.Delete) {
            return CompletableFuture.completedFuture(true);
        }
        if (disposition instanceof Disposition.DeadLetter dead) {
            return environment.wiring().deadLetters().send(queue.dlqUrl().orElseThrow(), record.getBody(), dead,
                    queue.url()).thenApply(sent -> true);
        }
        Duration delay = disposition instanceof Disposition.Release release ? release.delay() : Duration.ZERO;
        if (outcome instanceof Outcome.Released) {
            environment.metrics().outcome("released");
        }
        return hide(queue, record, delay).thenApply(v -> false);
    }

    /** The backoff, as the service does; if it fails the record still comes back after the queue's visibility timeout. */
    private CompletableFuture<Void> hide(SourceQueue queue, SQSEvent.SQSMessage record, Duration delay) {
        return environment.wiring().clients().sqs().changeMessageVisibility(b -> b.queueUrl(queue.url())
                        .receiptHandle(record.getReceiptHandle()).visibilityTimeout((int) delay.toSeconds()))
                .handle((r, error) -> {
                    if (error != null) {
                        log.warn("could not delay the retry of record {}: {}", record.getMessageId(), error.toString());
                    }
                    return null;
                });
    }

    private boolean finishedInTime(CompletableFuture<Boolean> succeeded, long deadline, SQSEvent.SQSMessage record) {
        try {
            return succeeded.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        } catch (java.util.concurrent.TimeoutException e) {
            log.warn("record {} not finished before the invocation's time ran out; it is left for another try",
                    record.getMessageId());
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } catch (java.util.concurrent.ExecutionException e) {
            log.warn("acting on record {} failed; it is left for another try: {}", record.getMessageId(),
                    e.getCause().toString());
            return false;
        }
    }

    static int receiveCount(SQSEvent.SQSMessage record) {
        String count = record.getAttributes() == null ? null : record.getAttributes().get("ApproximateReceiveCount");
        try {
            return count == null ? 1 : Integer.parseInt(count.strip());
        } catch (NumberFormatException e) {
            return 1;
        }
    }
}

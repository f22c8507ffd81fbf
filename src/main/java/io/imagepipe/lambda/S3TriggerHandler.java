package io.imagepipe.lambda;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.S3Event;
import com.amazonaws.services.lambda.runtime.events.models.s3.S3EventNotification.S3EventNotificationRecord;
import io.imagepipe.pipeline.Disposition;
import io.imagepipe.pipeline.Outcome;
import java.util.List;
import java.util.OptionalInt;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The direct S3 trigger ({@code io.imagepipe.lambda.S3TriggerHandler::handleRequest}), the wiring of
 * the original Lambda designs: S3 invokes the function asynchronously with the notification. Each
 * record goes through the same pipeline as the service and the SQS handler. The invocation fails
 * (so Lambda retries it, then hands it to the on-failure destination) only when a record's outcome
 * is to be retried; finished outcomes succeed, and rejected ones are logged with their reason,
 * get their rejected manifest, and are sent to {@code IMAGEPIPE_DLQ_URL} with the reason
 * attributes when it is set.
 */
public final class S3TriggerHandler implements RequestHandler<S3Event, String> {
    private final FunctionEnvironment environment;
    private final Logger log;
    /**
     * A rejection is final here whether or not there is a DLQ: failing the invocation would only
     * make Lambda try the same bad image twice more. Async invocations carry no receive count, so a
     * transient failure is always given back to Lambda's retries.
     */
    private final Disposition.Rule rule;

    public S3TriggerHandler() {
        this(FunctionEnvironment.fromSystem());
    }

    public S3TriggerHandler(FunctionEnvironment environment) {
        this.environment = environment;
        this.log = LoggerFactory.getLogger(S3TriggerHandler.class);
        this.rule = new Disposition.Rule(environment.backoff(), true);
    }

    /** @return one line per record: its outcome label */
    @Override
    public String handleRequest(S3Event event, Context context) {
        List<S3EventNotificationRecord> records = event.getRecords() == null ? List.of() : event.getRecords();
        List<CompletableFuture<Outcome>> outcomes = records.stream()
                .map(r -> environment.pipeline().handle(S3EventBodies.notification(r))).toList();
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(context.getRemainingTimeInMillis())
                - SqsBatchHandler.RESERVE.toNanos();
        StringBuilder summary = new StringBuilder();
        String retry = null;
        try {
            for (int i = 0; i < records.size(); i++) {
                Outcome outcome = await(outcomes.get(i), deadline);
                String body = S3EventBodies.notification(records.get(i));
                Disposition disposition = rule.decide(outcome, 1, OptionalInt.empty());
                if (disposition instanceof Disposition.DeadLetter dead) {
                    deadLetter(body, dead);
                } else if (!(disposition instanceof Disposition.Delete)) {
                    retry = retry == null ? where(records.get(i)) + ": " + outcome.detail() : retry;
                }
                summary.append(summary.length() == 0 ? "" : "\n").append(outcome.label());
            }
        } finally {
            environment.flushMetrics();
        }
        if (retry != null) {
            throw new RetryableFailure("a record failed transiently and is to be retried: " + retry);
        }
        return summary.toString();
    }

    private static String where(S3EventNotificationRecord record) {
        try {
            return "s3://" + record.getS3().getBucket().getName() + "/" + record.getS3().getObject().getUrlDecodedKey();
        } catch (RuntimeException e) {
            return "(a record without a bucket and key)";
        }
    }

    private Outcome await(CompletableFuture<Outcome> outcome, long deadline) {
        try {
            return outcome.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            throw new RetryableFailure("not finished before the invocation's time ran out");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RetryableFailure("interrupted");
        } catch (ExecutionException e) {
            throw new RetryableFailure(e.getCause().toString()); // the pipeline turns every failure into an Outcome
        }
    }

    private void deadLetter(String body, Disposition.DeadLetter dead) {
        environment.config().dlqUrl().ifPresent(dlq -> {
            try {
                environment.wiring().deadLetters().send(dlq, body, dead, "s3-trigger").get(10, TimeUnit.SECONDS);
            } catch (Exception e) {
                // The rejected manifest and the log line already say why; the DLQ copy is a convenience.
                log.warn("could not send the rejected event to {}: {}", dlq, e.toString());
            }
        });
    }

    /** Fails the invocation: Lambda retries it (twice for S3's async invocations), then sends it to the on-failure destination. */
    public static final class RetryableFailure extends RuntimeException {
        RetryableFailure(String message) {
            super(message);
        }
    }
}

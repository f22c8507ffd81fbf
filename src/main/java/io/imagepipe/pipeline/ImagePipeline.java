package io.imagepipe.pipeline;

import io.imagepipe.config.Config;
import io.imagepipe.core.ImageException;
import io.imagepipe.core.ImageProcessor;
import io.imagepipe.event.EventParser;
import io.imagepipe.event.MalformedEventException;
import io.imagepipe.event.ObjectEvent;
import io.imagepipe.event.ObjectEventKind;
import io.imagepipe.event.ParsedMessage;
import io.imagepipe.storage.ObjectMissingException;
import io.imagepipe.storage.ObjectStore;
import io.imagepipe.storage.ObjectTooLargeException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * One queue message end to end: parse, guard, then for each object event either make the
 * renditions (duplicate check, fetch, process on the worker pool, write renditions, write the
 * manifest last) or remove them. Knows nothing of SQS, Lambda or HTTP: it returns an
 * {@link Outcome} and the adapter decides what that means for the message.
 */
public final class ImagePipeline {
    private static final Logger log = LoggerFactory.getLogger(ImagePipeline.class);
    /**
     * S3 sends one record per message; a message with more is hand-made. Past this many it is
     * rejected whole (too_many_records, to the DLQ with its body) instead of starting thousands of
     * downloads against the in-flight limit.
     */
    public static final int MAX_RECORDS_PER_MESSAGE = 100;
    /** Records of one message handled at once; the rest wait, so one message cannot take every worker. */
    public static final int RECORDS_AT_ONCE = 4;

    private final Config config;
    private final EventParser parser = new EventParser();
    private final RenditionMaker maker;
    private final Convergence convergence;
    private final PipelineMetrics metrics;
    private final WorkerPool workers;

    public ImagePipeline(Config config, ObjectStore store, ImageProcessor processor, WorkerPool workers,
                         PixelBudget budget, PipelineMetrics metrics) {
        this.config = config;
        this.metrics = metrics;
        this.workers = workers;
        ManifestStore manifests = new ManifestStore(config, store);
        this.maker = new RenditionMaker(config, store, manifests, processor, workers, budget, metrics);
        this.convergence = new Convergence(config, store, manifests, maker,
                new RenditionRemover(config, store, manifests));
        metrics.gauge("imagepipe.worker.queue.depth", "Sources waiting for a free worker", workers::queueDepth);
        metrics.gauge("imagepipe.pixel.budget.used.ratio", "Share of the decoded-pixel budget in use",
                budget::usedRatio);
    }

    /** Never completes exceptionally: every failure is an {@link Outcome}. */
    public CompletableFuture<Outcome> handle(String body) {
        long start = System.nanoTime();
        ParsedMessage parsed;
        try {
            parsed = parser.parse(body);
        } catch (MalformedEventException e) {
            return CompletableFuture.completedFuture(finish(List.of(), new Outcome.Rejected("malformed_message",
                    e.getMessage()), start));
        }
        if (parsed.testEvent()) {
            return CompletableFuture.completedFuture(finish(List.of(), new Outcome.Skipped("s3:TestEvent"), start));
        }
        if (parsed.events().isEmpty()) {
            return CompletableFuture.completedFuture(finish(List.of(),
                    new Outcome.Skipped("no object-created or object-removed event in the message"), start));
        }
        if (parsed.events().size() > MAX_RECORDS_PER_MESSAGE) {
            return CompletableFuture.completedFuture(finish(List.of(), new Outcome.Rejected("too_many_records",
                    "the message holds " + parsed.events().size() + " object events; at most "
                            + MAX_RECORDS_PER_MESSAGE + " are handled per message (S3 sends one)"), start));
        }
        List<CompletableFuture<Outcome>> each = new ArrayList<>();
        List<ObjectEvent> events = parsed.events();
        for (int i = 0; i < events.size(); i++) {
            ObjectEvent event = events.get(i);
            // Event i starts when event i - RECORDS_AT_ONCE has ended: at most that many at once.
            CompletableFuture<?> turn = i < RECORDS_AT_ONCE ? CompletableFuture.completedFuture(null)
                    : each.get(i - RECORDS_AT_ONCE).handle((o, e) -> null);
            each.add(turn.thenCompose(x -> handleEvent(event)));
        }
        return CompletableFuture.allOf(each.toArray(CompletableFuture[]::new)).thenApply(v -> {
            List<Outcome> outcomes = each.stream().map(CompletableFuture::join).toList();
            return finish(events, Outcomes.combine(outcomes), start);
        });
    }

    private CompletableFuture<Outcome> handleEvent(ObjectEvent event) {
        CompletableFuture<Outcome> outcome;
        if (!config.sourceBuckets().contains(event.bucket())) {
            outcome = CompletableFuture.completedFuture(new Outcome.Rejected("bucket_not_allowed", "bucket '"
                    + event.bucket() + "' is not one of IMAGEPIPE_SOURCE_BUCKETS " + config.sourceBuckets()));
        } else if (config.isOutputLocation(event.bucket(), event.key())) {
            outcome = CompletableFuture.completedFuture(new Outcome.Skipped("key is under the output location"));
        } else {
            try {
                outcome = event.kind() == ObjectEventKind.CREATED ? convergence.created(event)
                        : convergence.removed(event);
            } catch (RuntimeException e) {
                outcome = CompletableFuture.failedFuture(e);
            }
        }
        return outcome.exceptionally(ImagePipeline::classify).thenApply(o -> {
            logEvent(event, o);
            return o;
        });
    }

    /** Failures that reach here: permanent ones are rejected, all else is retried and left to the redrive policy. */
    static Outcome classify(Throwable failure) {
        Throwable cause = ObjectStore.unwrap(failure);
        OutOfMemoryError oom = outOfMemory(failure);
        if (oom != null) {
            // However deep it is wrapped (TwelveMonkeys reports it as an IIOException, a decoder as
            // corrupt): memory ran out, not the image is bad. Another try, with less going on, works.
            return new Outcome.Retry("out_of_memory", oom);
        }
        if (cause instanceof WorkNotStartedException notStarted) {
            return new Outcome.Released(notStarted.getMessage());
        }
        if (cause instanceof ObjectMissingException missing) {
            return new Outcome.Gone(missing.getMessage());
        }
        if (cause instanceof ObjectTooLargeException tooLarge) {
            return new Outcome.Rejected("too_large", "source bytes " + tooLarge.size() + " exceeds the limit of "
                    + tooLarge.cap());
        }
        if (cause instanceof ImageException image) {
            return new Outcome.Rejected(image.reason(), image.getMessage());
        }
        if (cause instanceof S3Exception s3 && S3Failures.permanent(s3)) {
            // AccessDenied, InvalidObjectState (archived), KeyTooLongError...: trying again cannot help,
            // and the DLQ then says why instead of the redrive policy ending it silently.
            return new Outcome.Rejected("s3_" + S3Failures.code(s3), s3.getMessage());
        }
        if (cause instanceof S3Exception s3) {
            return new Outcome.Retry("s3_" + S3Failures.code(s3), cause);
        }
        return new Outcome.Retry(cause);
    }

    /** The first OutOfMemoryError in the cause and suppressed chain, or null. */
    static OutOfMemoryError outOfMemory(Throwable failure) {
        java.util.Set<Throwable> seen = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
        java.util.ArrayDeque<Throwable> todo = new java.util.ArrayDeque<>();
        todo.add(failure);
        while (!todo.isEmpty()) {
            Throwable t = todo.poll();
            if (t == null || !seen.add(t)) {
                continue;
            }
            if (t instanceof OutOfMemoryError oom) {
                return oom;
            }
            if (t.getCause() != null) {
                todo.add(t.getCause());
            }
            todo.addAll(java.util.Arrays.asList(t.getSuppressed()));
        }
        return null;
    }

    private Outcome finish(List<ObjectEvent> events, Outcome outcome, long start) {
        if (!(outcome instanceof Outcome.Released)) {
            // Released is counted by the adapter when it really hands the message back (it may already have).
            metrics.outcome(outcome.label());
        }
        metrics.stage("total", System.nanoTime() - start);
        if (events.isEmpty()) {
            logEvent(null, outcome);
        }
        return outcome;
    }

    private static void logEvent(ObjectEvent event, Outcome outcome) {
        String where = event == null ? "-" : "s3://" + event.bucket() + "/" + event.key();
        var line = outcome instanceof Outcome.Retry || outcome instanceof Outcome.Rejected
                || outcome instanceof Outcome.Gone ? log.atWarn() : log.atInfo();
        line.addKeyValue("outcome", outcome.label()).addKeyValue("source", where)
                .addKeyValue("reason", outcome.detail())
                .log("{} {}: {}", outcome.label(), where, outcome.detail());
    }

    /**
     * For a stopping service: image work that has not started ends now as {@link Outcome.Released},
     * so its message goes back to the queue at once instead of waiting out the grace period.
     */
    public int cancelQueuedWork() {
        return workers.cancelQueued();
    }

    /** Hash of the output-shaping configuration, recorded in every manifest. */
    public String configHash() {
        return maker.configHash();
    }
}

package io.imagepipe.cli;

import java.util.concurrent.CompletableFuture;

/**
 * Where the backfill hands the S3 event notifications it writes: the service's queue, or the pipeline
 * itself in this process. Completes with a short word for the tally ({@code enqueued}, or the outcome).
 */
public interface EventSink {
    CompletableFuture<String> deliver(String notificationJson);
}

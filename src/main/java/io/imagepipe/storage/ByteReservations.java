package io.imagepipe.storage;

import java.util.concurrent.CompletableFuture;

/**
 * Where a source's bytes are accounted before they are downloaded (the pipeline's memory budget).
 * The future completes, without holding a thread, once {@code bytes} may be read into memory; its
 * value gives them back.
 */
@FunctionalInterface
public interface ByteReservations {
    ByteReservations NONE = bytes -> CompletableFuture.completedFuture(() -> { });

    CompletableFuture<Runnable> reserve(long bytes);
}

package io.imagepipe.pipeline;

import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * Runs the work for one source key one at a time in this process, in arrival order; different keys
 * run in parallel. Five deliveries of one event then do the work once (the others find the
 * manifest and are duplicates), and an overwrite's events do not race each other within a pod.
 * Across pods, {@link Convergence} makes the outputs right whatever the order.
 */
final class KeySerializer {
    private final Map<String, CompletableFuture<?>> tails = new ConcurrentHashMap<>();

    <T> CompletableFuture<T> run(String key, Supplier<CompletableFuture<T>> work) {
        CompletableFuture<T> mine = new CompletableFuture<>();
        CompletableFuture<?>[] before = new CompletableFuture<?>[1];
        tails.compute(key, (k, tail) -> {
            before[0] = tail;
            return mine;
        });
        CompletableFuture<?> previous = before[0] == null ? CompletableFuture.completedFuture(null) : before[0];
        previous.handle((v, e) -> null).thenCompose(x -> {
            try {
                return work.get();
            } catch (RuntimeException e) {
                return CompletableFuture.<T>failedFuture(e);
            }
        }).whenComplete((v, e) -> {
            tails.remove(key, mine);
            if (e != null) {
                mine.completeExceptionally(e);
            } else {
                mine.complete(v);
            }
        });
        return mine;
    }

    /** Keys with work running or waiting. */
    int keys() {
        return tails.size();
    }
}

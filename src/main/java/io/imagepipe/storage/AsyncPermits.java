package io.imagepipe.storage;

import java.util.ArrayDeque;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

/**
 * At most {@code permits} asynchronous operations running at once; the rest wait their turn
 * without holding a thread. Keeps one message with a thousand records from taking every
 * connection of the shared pool (the SQS long poll and the renditions' uploads need some too).
 */
final class AsyncPermits {
    private final int permits;
    private final Queue<Runnable> waiting = new ArrayDeque<>();
    private int running;

    AsyncPermits(int permits) {
        if (permits < 1) {
            throw new IllegalArgumentException("permits must be at least 1: " + permits);
        }
        this.permits = permits;
    }

    <T> CompletableFuture<T> run(Supplier<CompletableFuture<T>> operation) {
        CompletableFuture<T> result = new CompletableFuture<>();
        Runnable start = () -> {
            CompletableFuture<T> started;
            try {
                started = operation.get();
            } catch (RuntimeException e) {
                started = CompletableFuture.failedFuture(e);
            }
            started.whenComplete((v, e) -> {
                release();
                if (e != null) {
                    result.completeExceptionally(e);
                } else {
                    result.complete(v);
                }
            });
        };
        boolean now;
        synchronized (this) {
            now = running < permits;
            if (now) {
                running++;
            } else {
                waiting.add(start);
            }
        }
        if (now) {
            start.run();
        }
        return result;
    }

    private void release() {
        Runnable next;
        synchronized (this) {
            next = waiting.poll();
            if (next == null) {
                running--;
            }
        }
        if (next != null) {
            next.run();
        }
    }

    synchronized int waiting() {
        return waiting.size();
    }
}

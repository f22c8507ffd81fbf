package io.imagepipe.pipeline;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * The fixed set of threads that decode, resize and encode. Image work never runs on an event loop
 * or an SDK I/O thread; the queue in front of it is bounded in practice by the consumer's
 * in-flight limit.
 */
public final class WorkerPool implements AutoCloseable {
    private final ThreadPoolExecutor executor;

    public WorkerPool(int threads) {
        AtomicInteger n = new AtomicInteger();
        ThreadFactory factory = r -> {
            Thread t = new Thread(r, "imagepipe-worker-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
        executor = new ThreadPoolExecutor(threads, threads, 0, TimeUnit.MILLISECONDS, new LinkedBlockingQueue<>(),
                factory);
    }

    public <T> CompletableFuture<T> submit(CheckedSupplier<T> work) {
        return CompletableFuture.supplyAsync(unchecked(work), executor);
    }

    /** Tasks waiting for a free worker. */
    public int queueDepth() {
        return executor.getQueue().size();
    }

    public int threads() {
        return executor.getMaximumPoolSize();
    }

    /**
     * Drops the work that has not started (its messages were already released by the consumer, so
     * another consumer will do it) and gives running work a few seconds to end.
     */
    @Override
    public void close() {
        executor.shutdownNow();
        try {
            executor.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    ExecutorService executor() {
        return executor;
    }

    /** Work that may throw checked exceptions; they complete the future exceptionally. */
    @FunctionalInterface
    public interface CheckedSupplier<T> {
        T get() throws Exception;
    }

    private static <T> Supplier<T> unchecked(CheckedSupplier<T> work) {
        return () -> {
            try {
                return work.get();
            } catch (RuntimeException e) {
                throw e;
            } catch (Exception e) {
                throw new java.util.concurrent.CompletionException(e);
            }
        };
    }
}

package io.imagepipe.pipeline;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The fixed set of threads that decode, resize and encode. Image work never runs on an event loop
 * or an SDK I/O thread; the queue in front of it is bounded in practice by the consumer's
 * in-flight limit.
 */
public final class WorkerPool implements AutoCloseable {
    private final ThreadPoolExecutor executor;

    public WorkerPool(int threads) {
        this(threads, Integer.MAX_VALUE);
    }

    /**
     * @param queueCapacity tasks that may wait for a worker; beyond it {@link #submit} fails at once
     *                      (the message is retried later) instead of piling up sources in memory
     */
    public WorkerPool(int threads, int queueCapacity) {
        AtomicInteger n = new AtomicInteger();
        ThreadFactory factory = r -> {
            Thread t = new Thread(r, "imagepipe-worker-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
        executor = new ThreadPoolExecutor(threads, threads, 0, TimeUnit.MILLISECONDS, new LinkedBlockingQueue<>(queueCapacity),
                factory);
    }

    /** Runs {@code work} on a worker; a refused or cancelled task fails with {@link WorkNotStartedException}. */
    public <T> CompletableFuture<T> submit(CheckedSupplier<T> work) {
        Task<T> task = new Task<>(work);
        try {
            executor.execute(task);
        } catch (java.util.concurrent.RejectedExecutionException e) {
            task.result.completeExceptionally(executor.isShutdown()
                    ? new WorkNotStartedException("the worker pool is shut down")
                    : new java.util.concurrent.RejectedExecutionException("the worker queue is full ("
                            + executor.getQueue().size() + " waiting); trying again later"));
        }
        return task.result;
    }

    /**
     * Takes back every task that has not started and fails it with {@link WorkNotStartedException},
     * so a stopping service can release those messages at once; running work goes on.
     */
    public int cancelQueued() {
        List<Runnable> queued = new ArrayList<>();
        executor.getQueue().drainTo(queued);
        for (Runnable r : queued) {
            ((Task<?>) r).result.completeExceptionally(
                    new WorkNotStartedException("the service is stopping; not started"));
        }
        return queued.size();
    }

    /** Tasks waiting for a free worker. */
    public int queueDepth() {
        return executor.getQueue().size();
    }

    public int threads() {
        return executor.getMaximumPoolSize();
    }

    /**
     * Cancels the work that has not started (its messages are released by the consumer, so another
     * consumer will do it) and gives running work a few seconds to end.
     */
    @Override
    public void close() {
        cancelQueued();
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

    private static final class Task<T> implements Runnable {
        private final CheckedSupplier<T> work;
        private final CompletableFuture<T> result = new CompletableFuture<>();

        Task(CheckedSupplier<T> work) {
            this.work = work;
        }

        @Override
        public void run() {
            try {
                result.complete(work.get());
            } catch (Throwable e) {
                result.completeExceptionally(e instanceof CompletionException ? e : new CompletionException(e));
            }
        }
    }
}

package io.imagepipe.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.io.IOException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class WorkerPoolTest {
    private static final long GUARD_SECONDS = 10;

    @Test
    void aValueComesBackOnAWorkerThread() throws Exception {
        try (WorkerPool pool = new WorkerPool(2)) {
            String thread = pool.submit(() -> Thread.currentThread().getName()).get(GUARD_SECONDS, TimeUnit.SECONDS);

            assertThat(thread).startsWith("imagepipe-worker-");
            assertThat(pool.threads()).isEqualTo(2);
        }
    }

    @Test
    void aCheckedExceptionCompletesTheFutureWithItAsTheCause() {
        IOException thrown = new IOException("disk on fire");
        try (WorkerPool pool = new WorkerPool(1)) {
            CompletableFuture<Object> future = pool.submit(() -> {
                throw thrown;
            });

            Throwable joined = catchThrowable(future::join);
            assertThat(joined).isInstanceOf(CompletionException.class).cause().isSameAs(thrown);
            Throwable got = catchThrowable(() -> future.get(GUARD_SECONDS, TimeUnit.SECONDS));
            assertThat(got).isInstanceOf(ExecutionException.class).cause().isSameAs(thrown);
            assertThat(future).isCompletedExceptionally();
        }
    }

    @Test
    void aCheckedExceptionReachesExceptionallyUnwrappableToItself() {
        InterruptedException thrown = new InterruptedException("stop");
        try (WorkerPool pool = new WorkerPool(1)) {
            Throwable seen = pool.submit(() -> {
                throw thrown;
            }).handle((v, e) -> e).join();

            assertThat(io.imagepipe.storage.ObjectStore.unwrap(seen)).isSameAs(thrown);
        }
    }

    @Test
    void aRuntimeExceptionIsPassedOnAsItIs() {
        IllegalStateException thrown = new IllegalStateException("bug");
        try (WorkerPool pool = new WorkerPool(1)) {
            Throwable joined = catchThrowable(pool.submit(() -> {
                throw thrown;
            })::join);

            assertThat(joined).isInstanceOf(CompletionException.class).cause().isSameAs(thrown);
        }
    }

    @Test
    void tasksBeyondTheThreadsWaitInTheQueue() throws Exception {
        CountDownLatch running = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        try (WorkerPool pool = new WorkerPool(1)) {
            CompletableFuture<Integer> first = pool.submit(() -> {
                running.countDown();
                release.await();
                return 1;
            });
            assertThat(running.await(GUARD_SECONDS, TimeUnit.SECONDS)).isTrue();
            CompletableFuture<Integer> second = pool.submit(() -> 2);
            CompletableFuture<Integer> third = pool.submit(() -> 3);

            assertThat(pool.queueDepth()).isEqualTo(2);
            assertThat(second).isNotDone();

            release.countDown();
            assertThat(first.get(GUARD_SECONDS, TimeUnit.SECONDS) + second.get(GUARD_SECONDS, TimeUnit.SECONDS)
                    + third.get(GUARD_SECONDS, TimeUnit.SECONDS)).isEqualTo(6);
            assertThat(pool.queueDepth()).isZero();
        }
    }

    @Test
    void closeDropsWorkNotStartedAndLetsRunningWorkFinish() throws Exception {
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch never = new CountDownLatch(1);
        WorkerPool pool = new WorkerPool(1);
        CompletableFuture<Integer> running = pool.submit(() -> {
            started.countDown();
            try {
                never.await();
            } catch (InterruptedException e) {
                // close() interrupts running work; this one finishes anyway, as a decode would
            }
            return 7;
        });
        CompletableFuture<Integer> queued = pool.submit(() -> 42);
        started.await();

        pool.close();

        assertThat(running).isCompletedWithValue(7);
        // Never started: it fails at once, so its message can go back to the queue for another consumer.
        assertThat(queued).isCompletedExceptionally();
        assertThat(catchThrowable(queued::join)).hasCauseInstanceOf(WorkNotStartedException.class);
        assertThat(pool.executor().isTerminated()).isTrue();
    }
}

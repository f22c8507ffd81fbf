package io.imagepipe.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Reservations of decoded pixels. Blocking is shown with threads and latches: a waiting thread is
 * seen to be parked on the budget, and to go on only after the holder closes its reservation.
 */
class PixelBudgetTest {
    /** A bound on waiting for something that should happen at once; never reached when the code is right. */
    private static final long GUARD_SECONDS = 10;

    private ExecutorService threads;

    @BeforeEach
    void threads() {
        threads = Executors.newCachedThreadPool();
    }

    @AfterEach
    void stopThreads() {
        threads.shutdownNow();
    }

    @Test
    void aBudgetMustBePositive() {
        assertThatIllegalArgumentException().isThrownBy(() -> new PixelBudget(0)).withMessageContaining("0");
        assertThatIllegalArgumentException().isThrownBy(() -> new PixelBudget(-1));
    }

    @Test
    void reservingAndReleasingMovesTheUsedRatio() throws Exception {
        PixelBudget budget = new PixelBudget(1000);
        assertThat(budget.usedRatio()).isZero();

        PixelBudget.Reservation a = budget.reserve(250);
        assertThat(budget.usedRatio()).isEqualTo(0.25);
        PixelBudget.Reservation b = budget.reserve(500);
        assertThat(budget.usedRatio()).isEqualTo(0.75);

        a.close();
        assertThat(budget.usedRatio()).isEqualTo(0.5);
        b.close();
        assertThat(budget.usedRatio()).isZero();
    }

    @Test
    void closingTwiceGivesThePixelsBackOnce() throws Exception {
        PixelBudget budget = new PixelBudget(1000);
        PixelBudget.Reservation held = budget.reserve(600);
        PixelBudget.Reservation a = budget.reserve(400);

        a.close();
        a.close();

        assertThat(budget.usedRatio()).isEqualTo(0.6);
        held.close();
        assertThat(budget.usedRatio()).isZero();
    }

    @Test
    void aZeroPixelRequestStillTakesOnePermit() throws Exception {
        PixelBudget budget = new PixelBudget(100);

        PixelBudget.Reservation r = budget.reserve(0);
        assertThat(budget.usedRatio()).isEqualTo(0.01);
        r.close();
        assertThat(budget.usedRatio()).isZero();
    }

    @Test
    void anOverBudgetRequestIsClampedToTheWholeBudgetAndRunsAlone() throws Exception {
        PixelBudget budget = new PixelBudget(1000);

        PixelBudget.Reservation huge = budget.reserve(1_000_000);
        assertThat(budget.usedRatio()).as("clamped to the whole budget, not more").isEqualTo(1.0);

        CompletableFuture<PixelBudget.Reservation> small = reserveOnAnotherThread(budget, 1);
        assertThat(small).as("nothing else runs beside it").isNotDone();

        huge.close();
        small.get(GUARD_SECONDS, TimeUnit.SECONDS).close();
        assertThat(budget.usedRatio()).isZero();
    }

    @Test
    void anOverBudgetRequestWaitsForTheBudgetToBeFree() throws Exception {
        PixelBudget budget = new PixelBudget(1000);
        PixelBudget.Reservation small = budget.reserve(1);

        CompletableFuture<PixelBudget.Reservation> huge = reserveOnAnotherThread(budget, 5_000);
        assertThat(huge).isNotDone();

        small.close();
        huge.get(GUARD_SECONDS, TimeUnit.SECONDS).close();
    }

    @Test
    void aSecondReservationBlocksUntilTheFirstCloses() throws Exception {
        PixelBudget budget = new PixelBudget(1000);
        CountDownLatch firstHolds = new CountDownLatch(1);
        CountDownLatch releaseFirst = new CountDownLatch(1);
        AtomicBoolean firstClosed = new AtomicBoolean();
        AtomicBoolean secondSawFirstClosed = new AtomicBoolean();

        CompletableFuture<Void> first = CompletableFuture.runAsync(() -> {
            try {
                PixelBudget.Reservation r = budget.reserve(700);
                firstHolds.countDown();
                releaseFirst.await();
                firstClosed.set(true);
                r.close();
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        }, threads);
        assertThat(firstHolds.await(GUARD_SECONDS, TimeUnit.SECONDS)).isTrue();

        CountDownLatch secondAsking = new CountDownLatch(1);
        Thread[] secondThread = new Thread[1];
        CompletableFuture<Void> second = CompletableFuture.runAsync(() -> {
            secondThread[0] = Thread.currentThread();
            secondAsking.countDown();
            try {
                PixelBudget.Reservation r = budget.reserve(700);
                secondSawFirstClosed.set(firstClosed.get());
                r.close();
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        }, threads);
        assertThat(secondAsking.await(GUARD_SECONDS, TimeUnit.SECONDS)).isTrue();
        awaitParked(secondThread[0]);
        assertThat(second).isNotDone();

        releaseFirst.countDown();
        first.get(GUARD_SECONDS, TimeUnit.SECONDS);
        second.get(GUARD_SECONDS, TimeUnit.SECONDS);

        assertThat(secondSawFirstClosed).as("the second reservation was granted only after the first closed").isTrue();
        assertThat(budget.usedRatio()).isZero();
    }

    @Test
    void reservationsThatFitTogetherDoNotWaitForEachOther() throws Exception {
        PixelBudget budget = new PixelBudget(1000);
        PixelBudget.Reservation a = budget.reserve(500);

        CompletableFuture<PixelBudget.Reservation> b = reserveOnAnotherThread(budget, 500);

        b.get(GUARD_SECONDS, TimeUnit.SECONDS).close();
        a.close();
    }

    @Test
    void aWaitingReservationCanBeInterrupted() throws Exception {
        PixelBudget budget = new PixelBudget(10);
        PixelBudget.Reservation all = budget.reserve(10);
        CompletableFuture<Throwable> outcome = new CompletableFuture<>();
        Thread waiter = new Thread(() -> {
            try {
                budget.reserve(1).close();
                outcome.complete(null);
            } catch (InterruptedException e) {
                outcome.complete(e);
            }
        });
        waiter.start();
        awaitParked(waiter);

        waiter.interrupt();

        assertThat(outcome.get(GUARD_SECONDS, TimeUnit.SECONDS)).isInstanceOf(InterruptedException.class);
        assertThat(budget.usedRatio()).as("the interrupted request took nothing").isEqualTo(1.0);
        all.close();
        assertThat(budget.usedRatio()).isZero();
    }

    @Test
    void aBudgetBeyondTheIntRangeIsIdleWhenNothingIsReserved() {
        // 4096 MB of budget = 2^32 pixels: one permit stands for more than one pixel.
        PixelBudget budget = new PixelBudget(1L << 32);

        assertThat(budget.usedRatio()).isZero();
    }

    @Test
    void anOverBudgetRequestIsClampedAlsoWhenThePermitsAreCoarserThanPixels() throws Exception {
        // 2^32 pixels in permits of 3: the clamp must not ask for more permits than the semaphore has.
        PixelBudget budget = new PixelBudget(1L << 32);

        CompletableFuture<PixelBudget.Reservation> twice = reserveOnAnotherThread(budget, 1L << 33);

        PixelBudget.Reservation r = twice.get(GUARD_SECONDS, TimeUnit.SECONDS);
        assertThat(budget.usedRatio()).isEqualTo(1.0);
        r.close();
    }

    @Test
    void aBudgetBeyondTheIntRangeCanBeReservedWhole() throws Exception {
        PixelBudget budget = new PixelBudget(1L << 32);

        CompletableFuture<PixelBudget.Reservation> all = reserveOnAnotherThread(budget, Long.MAX_VALUE);

        PixelBudget.Reservation r = all.get(GUARD_SECONDS, TimeUnit.SECONDS);
        assertThat(budget.usedRatio()).isEqualTo(1.0);
        r.close();
        assertThat(budget.usedRatio()).isZero();
    }

    @Test
    void aBudgetBeyondTheIntRangeCountsLargeReservations() throws Exception {
        PixelBudget budget = new PixelBudget(3L << 31);

        PixelBudget.Reservation half = budget.reserve(3L << 30);
        assertThat(budget.usedRatio()).isCloseTo(0.5, org.assertj.core.data.Offset.offset(1e-6));
        half.close();
        assertThat(budget.usedRatio()).isZero();
    }

    @Test
    void aSourceReservationWaitsWithoutAThreadUntilItsBytesFit() throws Exception {
        PixelBudget budget = new PixelBudget(1000);
        PixelBudget.Reservation decode = budget.reserve(800);

        CompletableFuture<PixelBudget.Reservation> source = budget.reserveLater(300);
        assertThat(source).as("300 more do not fit beside 800").isNotDone();

        decode.close();
        PixelBudget.Reservation granted = source.get(GUARD_SECONDS, TimeUnit.SECONDS);
        assertThat(budget.usedRatio()).isEqualTo(0.3);
        granted.close();
        assertThat(budget.usedRatio()).isZero();
    }

    @Test
    void sourceReservationsAreGrantedInTheOrderAsked() throws Exception {
        PixelBudget budget = new PixelBudget(1000);
        PixelBudget.Reservation first = budget.reserveLater(900).get(GUARD_SECONDS, TimeUnit.SECONDS);

        CompletableFuture<PixelBudget.Reservation> big = budget.reserveLater(500);
        CompletableFuture<PixelBudget.Reservation> small = budget.reserveLater(50);
        assertThat(small).as("a small one does not overtake the big one asked before it").isNotDone();

        first.close();
        big.get(GUARD_SECONDS, TimeUnit.SECONDS).close();
        small.get(GUARD_SECONDS, TimeUnit.SECONDS).close();
        assertThat(budget.usedRatio()).isZero();
    }

    @Test
    void aDecodeRunsWhenOnlyDownloadedSourcesHoldTheBudget() throws Exception {
        PixelBudget budget = new PixelBudget(1000);
        PixelBudget.Reservation a = budget.reserveLater(600).get(GUARD_SECONDS, TimeUnit.SECONDS);
        PixelBudget.Reservation b = budget.reserveLater(400).get(GUARD_SECONDS, TimeUnit.SECONDS);

        // The sources wait for this decode to end; waiting for them would deadlock.
        CompletableFuture<PixelBudget.Reservation> decode = reserveOnAnotherThread(budget, 500);

        decode.get(GUARD_SECONDS, TimeUnit.SECONDS).close();
        a.close();
        b.close();
        assertThat(budget.usedRatio()).isZero();
    }

    @Test
    void aWaitingDecodeGoesBeforeMoreDownloads() throws Exception {
        PixelBudget budget = new PixelBudget(1000);
        PixelBudget.Reservation running = budget.reserve(700);
        CompletableFuture<PixelBudget.Reservation> decode = reserveOnAnotherThread(budget, 700);
        assertThat(decode).isNotDone();

        CompletableFuture<PixelBudget.Reservation> source = budget.reserveLater(100);
        assertThat(source).as("100 would fit, but a decode waits: finishing comes before downloading more")
                .isNotDone();

        running.close();
        PixelBudget.Reservation decoding = decode.get(GUARD_SECONDS, TimeUnit.SECONDS);
        source.get(GUARD_SECONDS, TimeUnit.SECONDS).close();
        decoding.close();
        assertThat(budget.usedRatio()).isZero();
    }

    @Test
    void anAbandonedSourceReservationTakesNothing() throws Exception {
        PixelBudget budget = new PixelBudget(1000);
        PixelBudget.Reservation all = budget.reserve(1000);
        CompletableFuture<PixelBudget.Reservation> abandoned = budget.reserveLater(500);

        abandoned.cancel(false);
        all.close();

        assertThat(budget.usedRatio()).isZero();
        budget.reserveLater(1000).get(GUARD_SECONDS, TimeUnit.SECONDS).close();
    }

    private CompletableFuture<PixelBudget.Reservation> reserveOnAnotherThread(PixelBudget budget, long pixels)
            throws InterruptedException {
        CompletableFuture<PixelBudget.Reservation> result = new CompletableFuture<>();
        CountDownLatch started = new CountDownLatch(1);
        Thread[] thread = new Thread[1];
        threads.execute(() -> {
            thread[0] = Thread.currentThread();
            started.countDown();
            try {
                result.complete(budget.reserve(pixels));
            } catch (Throwable e) {
                result.completeExceptionally(e);
            }
        });
        assertThat(started.await(GUARD_SECONDS, TimeUnit.SECONDS)).isTrue();
        // Either it got its pixels, or it is parked waiting for them: both are what the caller checks next.
        while (!result.isDone() && !isParked(thread[0])) {
            Thread.onSpinWait();
        }
        return result;
    }

    /** Waits until the thread is parked (blocked in the semaphore), failing if it never gets there. */
    private static void awaitParked(Thread thread) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(GUARD_SECONDS);
        while (!isParked(thread)) {
            assertThat(System.nanoTime()).as("%s never blocked", thread.getName()).isLessThan(deadline);
            Thread.onSpinWait();
        }
    }

    private static boolean isParked(Thread thread) {
        Thread.State state = thread.getState();
        return state == Thread.State.WAITING || state == Thread.State.TIMED_WAITING;
    }
}

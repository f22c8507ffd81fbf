package io.imagepipe.pipeline;

import java.util.concurrent.Semaphore;

/**
 * Decoded pixels that may be in memory at once. A worker reserves a source's pixels before
 * decoding it, so several huge images wait for each other instead of exhausting the heap together.
 * An image larger than the whole budget still runs, alone.
 */
public final class PixelBudget {
    private final int unit;
    /** The semaphore's permits: the whole budget, and the most one reservation takes. */
    private final int total;
    private final Semaphore permits;

    public PixelBudget(long pixels) {
        if (pixels <= 0) {
            throw new IllegalArgumentException("pixel budget must be positive: " + pixels);
        }
        // Semaphores count in ints; one permit stands for `unit` pixels.
        unit = (int) Math.max(1, pixels / Integer.MAX_VALUE + 1);
        total = (int) (pixels / unit);
        permits = new Semaphore(total, true);
    }

    /** Blocks the calling worker until {@code pixels} are free; close the reservation to give them back. */
    public Reservation reserve(long pixels) throws InterruptedException {
        int wanted = (int) Math.min(total, Math.max(1, permits(pixels)));
        permits.acquire(wanted);
        return new Reservation(wanted);
    }

    public double usedRatio() {
        return (double) (total - permits.availablePermits()) / total;
    }

    private long permits(long pixels) {
        return pixels / unit + (pixels % unit == 0 ? 0 : 1);
    }

    public final class Reservation implements AutoCloseable {
        private final int count;
        private boolean released;

        private Reservation(int count) {
            this.count = count;
        }

        @Override
        public void close() {
            if (!released) {
                released = true;
                permits.release(count);
            }
        }
    }
}

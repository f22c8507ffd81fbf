package io.imagepipe.pipeline;

import java.util.ArrayDeque;
import java.util.Iterator;
import java.util.concurrent.CompletableFuture;

/**
 * The heap that images may take at once, in units of one decoded pixel (8 bytes). Two kinds of
 * reservation draw on it:
 * <ul>
 * <li>{@link #reserveLater}: a source's bytes, before its body is downloaded. It waits without
 *     holding a thread, first in first out, and only while no decode is waiting (finishing what is
 *     already in memory comes before downloading more).</li>
 * <li>{@link #reserve}: a worker's decode, blocking. It waits while other decodes hold the budget;
 *     when none does it runs even if downloaded sources fill the budget, so sources waiting for a
 *     worker can never deadlock the decodes they wait for. An image larger than the whole budget
 *     likewise still runs, alone.</li>
 * </ul>
 */
public final class PixelBudget {
    private final long total;
    private long used;
    /** Decode reservations held. */
    private int decoding;
    /** Threads waiting in {@link #reserve}, first come first served. */
    private final ArrayDeque<Thread> decodesWaiting = new ArrayDeque<>();
    private final ArrayDeque<Pending> sourcesWaiting = new ArrayDeque<>();

    public PixelBudget(long pixels) {
        if (pixels <= 0) {
            throw new IllegalArgumentException("pixel budget must be positive: " + pixels);
        }
        total = pixels;
    }

    /** Blocks the calling worker until {@code pixels} are free for a decode; close the reservation to give them back. */
    public Reservation reserve(long pixels) throws InterruptedException {
        long wanted = clamp(pixels);
        Thread me = Thread.currentThread();
        try {
            synchronized (this) {
                decodesWaiting.add(me);
                try {
                    while (decodesWaiting.peek() != me || decoding > 0 && used + wanted > total) {
                        wait();
                    }
                } finally {
                    decodesWaiting.remove(me);
                    notifyAll();
                }
                used += wanted;
                decoding++;
            }
        } finally {
            grantSources(); // no decode may be waiting any more
        }
        return new Reservation(wanted, true);
    }

    /**
     * Completes, without blocking the caller, once {@code pixels} of the budget are held for a
     * source's bytes; close the reservation to give them back.
     */
    public CompletableFuture<Reservation> reserveLater(long pixels) {
        Pending pending = new Pending(clamp(pixels), new CompletableFuture<>());
        synchronized (this) {
            sourcesWaiting.add(pending);
        }
        grantSources();
        return pending.granted;
    }

    public synchronized double usedRatio() {
        return (double) used / total;
    }

    private long clamp(long pixels) {
        return Math.min(total, Math.max(1, pixels));
    }

    private void release(long pixels, boolean decode) {
        synchronized (this) {
            used -= pixels;
            if (decode) {
                decoding--;
            }
            notifyAll();
        }
        grantSources();
    }

    /** Grants waiting source reservations in order while they fit and no decode waits; completes them outside the lock. */
    private void grantSources() {
        ArrayDeque<Pending> granted = new ArrayDeque<>();
        synchronized (this) {
            for (Iterator<Pending> it = sourcesWaiting.iterator(); it.hasNext(); ) {
                Pending p = it.next();
                if (p.granted.isDone()) {
                    it.remove(); // abandoned by its caller
                    continue;
                }
                if (!decodesWaiting.isEmpty() || used + p.units > total) {
                    break;
                }
                it.remove();
                used += p.units;
                granted.add(p);
            }
        }
        for (Pending p : granted) {
            Reservation r = new Reservation(p.units, false);
            if (!p.granted.complete(r)) {
                r.close();
            }
        }
    }

    private record Pending(long units, CompletableFuture<Reservation> granted) {
    }

    public final class Reservation implements AutoCloseable {
        private final long units;
        private final boolean decode;
        private boolean released;

        private Reservation(long units, boolean decode) {
            this.units = units;
            this.decode = decode;
        }

        @Override
        public void close() {
            synchronized (this) {
                if (released) {
                    return;
                }
                released = true;
            }
            release(units, decode);
        }
    }
}

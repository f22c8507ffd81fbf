package io.imagepipe.http;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * A token bucket per client: up to {@code perMinute} requests at once, refilled at
 * {@code perMinute} a minute. Buckets that are full again are forgotten by {@link #evictIdle()}.
 */
final class RateLimiter {
    private static final long MINUTE_NANOS = 60_000_000_000L;

    private final int perMinute;
    private final LongSupplier nanoClock;
    private final Map<String, Bucket> buckets = new ConcurrentHashMap<>();

    RateLimiter(int perMinute, LongSupplier nanoClock) {
        if (perMinute < 1) {
            throw new IllegalArgumentException("perMinute must be at least 1: " + perMinute);
        }
        this.perMinute = perMinute;
        this.nanoClock = nanoClock;
    }

    /** @return 0 when {@code client} may go on, else the whole seconds until it may try again */
    long acquire(String client) {
        long now = nanoClock.getAsLong();
        Bucket bucket = buckets.compute(client, (k, b) -> (b == null ? new Bucket(perMinute, now) : b.refill(now, perMinute)));
        synchronized (bucket) {
            if (bucket.tokens >= 1) {
                bucket.tokens -= 1;
                return 0;
            }
            double missingNanos = (1 - bucket.tokens) * MINUTE_NANOS / perMinute;
            return Math.max(1, (long) Math.ceil(missingNanos / 1e9));
        }
    }

    /** Forgets clients whose bucket has filled up again: they are indistinguishable from new ones. */
    void evictIdle() {
        long now = nanoClock.getAsLong();
        buckets.entrySet().removeIf(e -> e.getValue().refill(now, perMinute).tokens >= perMinute);
    }

    int clients() {
        return buckets.size();
    }

    private static final class Bucket {
        double tokens;
        long updated;

        Bucket(double tokens, long now) {
            this.tokens = tokens;
            this.updated = now;
        }

        synchronized Bucket refill(long now, int perMinute) {
            tokens = Math.min(perMinute, tokens + (now - updated) * (double) perMinute / MINUTE_NANOS);
            updated = now;
            return this;
        }
    }
}

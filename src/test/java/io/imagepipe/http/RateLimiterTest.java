package io.imagepipe.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class RateLimiterTest {
    private final AtomicLong now = new AtomicLong(1_000_000_000L);
    private final RateLimiter limiter = new RateLimiter(60, now::get);

    @Test
    void aClientMayBurstUpToTheLimitThenWaits() {
        for (int i = 0; i < 60; i++) {
            assertThat(limiter.acquire("10.0.0.1")).as("request %d", i).isZero();
        }
        assertThat(limiter.acquire("10.0.0.1")).isEqualTo(1);
        assertThat(limiter.acquire("10.0.0.2")).as("another client has its own bucket").isZero();
    }

    @Test
    void tokensComeBackAtTheLimitPerMinute() {
        for (int i = 0; i < 60; i++) {
            limiter.acquire("c");
        }
        now.addAndGet(2_000_000_000L); // 2 s at 60 a minute: 2 requests
        assertThat(limiter.acquire("c")).isZero();
        assertThat(limiter.acquire("c")).isZero();
        assertThat(limiter.acquire("c")).isPositive();
    }

    @Test
    void clientsWithAFullBucketAreForgotten() {
        limiter.acquire("a");
        limiter.acquire("b");
        assertThat(limiter.clients()).isEqualTo(2);
        now.addAndGet(60_000_000_000L);
        limiter.evictIdle();
        assertThat(limiter.clients()).isZero();
    }
}

package io.imagepipe.pipeline;

import java.time.Duration;

/** 10 s, 20 s, 40 s ... by receive count, capped: how long a released message stays hidden. */
public final class RetryBackoff {
    private static final long BASE_SECONDS = 10;
    private final Duration cap;

    public RetryBackoff(Duration cap) {
        this.cap = cap;
    }

    public Duration delay(int receiveCount) {
        int doublings = Math.max(0, Math.min(30, receiveCount - 1));
        long seconds = BASE_SECONDS << doublings;
        return Duration.ofSeconds(Math.min(seconds, cap.toSeconds()));
    }
}

package io.imagepipe.core;

/** CPU-bound stages of one source, in nanoseconds of wall time on the worker thread. */
public record StageTimings(long decodeNanos, long resizeNanos, long encodeNanos) {

    public long decodeMillis() {
        return decodeNanos / 1_000_000;
    }

    public long resizeMillis() {
        return resizeNanos / 1_000_000;
    }

    public long encodeMillis() {
        return encodeNanos / 1_000_000;
    }
}

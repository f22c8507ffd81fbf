package io.imagepipe.config;

import java.util.Optional;

/**
 * Whether the configured memory fits the heap: the decoded-pixel budget, plus the source bytes of every
 * message in flight, plus room for the rest of the service. Said at start, with what to set, instead of
 * an OutOfMemoryError under the first burst of large images.
 */
public final class MemoryFit {
    /** Heap the service needs besides pixels and sources: clients, buffers, metrics, encoders' output. */
    static final long BASELINE_BYTES = 128L * 1024 * 1024;
    private static final long MB = 1024 * 1024;

    private MemoryFit() {
    }

    /** A warning naming the variables and the heap to set, or empty when it fits {@code maxHeapBytes}. */
    public static Optional<String> check(Config config, long maxHeapBytes) {
        long budget = config.pixelBudget() * 8;
        long sources = (long) config.maxInflight() * config.limits().maxSourceBytes();
        long needed = budget + sources + BASELINE_BYTES;
        if (needed <= maxHeapBytes) {
            return Optional.empty();
        }
        long budgetThatFits = Math.max(0, maxHeapBytes - sources - BASELINE_BYTES) / MB;
        return Optional.of(String.format(java.util.Locale.ROOT,
                "the memory budget does not fit the heap: %sMEMORY_BUDGET_MB=%d plus %sMAX_INFLIGHT=%d x"
                        + " %sMAX_SOURCE_BYTES=%d MB of sources plus %d MB for the rest needs about %d MB, but the"
                        + " heap is %d MB; large images may then fail with OutOfMemoryError. Run java with -Xmx%dm, or"
                        + " set %sMEMORY_BUDGET_MB to at most %d (and lower %sMAX_SOURCE_PIXELS to match)",
                ConfigLoader.PREFIX, budget / MB, ConfigLoader.PREFIX, config.maxInflight(), ConfigLoader.PREFIX,
                config.limits().maxSourceBytes() / MB, BASELINE_BYTES / MB, needed / MB, maxHeapBytes / MB,
                (needed + MB - 1) / MB, ConfigLoader.PREFIX, budgetThatFits, ConfigLoader.PREFIX));
    }
}

package io.imagepipe.config;

import java.util.Locale;
import java.util.Optional;

/**
 * Whether the configured memory budget fits the heap. The budget covers the decoded pixels and the
 * bytes of the sources being downloaded (both are reserved from it before they are allocated), so the
 * heap needs the budget plus room for the rest of the service. Said at start, with what to set,
 * instead of running out of memory under the first burst of large images.
 */
public final class MemoryFit {
    /** Heap the service needs besides the budget: clients, buffers, metrics, encoders' output. */
    static final long BASELINE_BYTES = 128L * 1024 * 1024;
    private static final long MB = 1024 * 1024;

    private MemoryFit() {
    }

    /** A warning naming the variables and the heap to set, or empty when it fits {@code maxHeapBytes}. */
    public static Optional<String> check(Config config, long maxHeapBytes) {
        long budget = config.pixelBudget() * 8;
        long needed = budget + BASELINE_BYTES;
        if (needed <= maxHeapBytes) {
            return Optional.empty();
        }
        long neededMb = (needed + MB - 1) / MB;
        long budgetThatFits = (maxHeapBytes - BASELINE_BYTES) / MB;
        String fix = budgetThatFits <= 0
                ? String.format(Locale.ROOT, "Run java with at least -Xmx%dm: this heap leaves no room for images", neededMb)
                : String.format(Locale.ROOT, "Run java with -Xmx%dm, or set %sMEMORY_BUDGET_MB to at most %d and lower"
                        + " %sMAX_SOURCE_PIXELS to match (one source at the pixel limit needs up to %d MB)", neededMb,
                        ConfigLoader.PREFIX, budgetThatFits, ConfigLoader.PREFIX,
                        (config.limits().maxSourcePixels() * 8 + config.limits().maxSourceBytes()) / MB);
        return Optional.of(String.format(Locale.ROOT,
                "the memory budget does not fit the heap: %sMEMORY_BUDGET_MB=%d (decoded pixels and the bytes of"
                        + " sources in flight) plus %d MB for the rest needs about %d MB, but the heap is %d MB, so"
                        + " large images may run out of memory. %s",
                ConfigLoader.PREFIX, budget / MB, BASELINE_BYTES / MB, neededMb, maxHeapBytes / MB, fix));
    }
}

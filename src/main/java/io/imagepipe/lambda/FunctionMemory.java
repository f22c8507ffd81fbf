package io.imagepipe.lambda;

import io.imagepipe.config.ConfigLoader;
import java.util.HashMap;
import java.util.Map;

/**
 * What a function's memory setting allows: Lambda gives one vCPU per 1,769 MB (up to six at
 * 10,240 MB), and the Java runtime a heap of about 85% of the memory. The decoded-pixel budget is
 * half of that heap; the rest holds the source bytes of the records in flight, the encoded
 * renditions and the runtime itself.
 *
 * @param megabytes the function's memory ({@code AWS_LAMBDA_FUNCTION_MEMORY_SIZE})
 */
public record FunctionMemory(int megabytes) {
    public static final int MB_PER_VCPU = 1769;
    static final double HEAP_SHARE = 0.85;
    private static final long MB = 1024 * 1024;

    public FunctionMemory {
        if (megabytes < 128) {
            throw new IllegalArgumentException("a Lambda function has at least 128 MB, got " + megabytes);
        }
    }

    /** From {@code AWS_LAMBDA_FUNCTION_MEMORY_SIZE}; outside Lambda, from the JVM's heap as if it were 85% of the memory. */
    public static FunctionMemory of(Map<String, String> env) {
        String value = env.get("AWS_LAMBDA_FUNCTION_MEMORY_SIZE");
        if (value != null && !value.isBlank()) {
            try {
                return new FunctionMemory(Integer.parseInt(value.strip()));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("AWS_LAMBDA_FUNCTION_MEMORY_SIZE='" + value + "' is not a number", e);
            }
        }
        return new FunctionMemory((int) Math.max(128, Runtime.getRuntime().maxMemory() / MB / HEAP_SHARE));
    }

    public int vcpus() {
        return Math.max(1, Math.min(6, (megabytes + MB_PER_VCPU - 1) / MB_PER_VCPU));
    }

    public long heapMegabytes() {
        return (long) (megabytes * HEAP_SHARE);
    }

    /** Decoded pixels at once: half the heap, 8 bytes a pixel (the source's and the renditions'). */
    public long budgetMegabytes() {
        return Math.max(16, heapMegabytes() / 2);
    }

    /**
     * The {@code IMAGEPIPE_*} defaults this memory implies; the function's own variables win over
     * them. A source over the pixel limit is refused from its header as {@code too_large}: on a
     * small function it is the pixel budget that sets the limit, not the 50 MP default.
     */
    public Map<String, String> configDefaults() {
        long budgetPixels = budgetMegabytes() * MB / 8;
        Map<String, String> d = new HashMap<>();
        d.put(ConfigLoader.PREFIX + "WORKERS", Integer.toString(vcpus()));
        d.put(ConfigLoader.PREFIX + "MAX_INFLIGHT", Integer.toString(2 * vcpus()));
        d.put(ConfigLoader.PREFIX + "MEMORY_BUDGET_MB", Long.toString(budgetMegabytes()));
        d.put(ConfigLoader.PREFIX + "MAX_SOURCE_PIXELS", Long.toString(Math.min(50_000_000L, budgetPixels)));
        // A source's bytes are held while it is in flight, two sources a worker.
        d.put(ConfigLoader.PREFIX + "MAX_SOURCE_BYTES",
                Long.toString(Math.min(50L * MB, heapMegabytes() * MB / 4 / (2L * vcpus()))));
        return d;
    }
}

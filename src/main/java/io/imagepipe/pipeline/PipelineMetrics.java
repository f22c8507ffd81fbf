package io.imagepipe.pipeline;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.function.Supplier;

/** The imagepipe_* meters of DESIGN.md section 8, registered once. */
public final class PipelineMetrics {
    public static final String MESSAGES = "imagepipe.messages";
    public static final String STAGE = "imagepipe.stage";

    private final MeterRegistry registry;
    private final DistributionSummary sourceBytes;
    private final Counter outputBytes;

    public PipelineMetrics(MeterRegistry registry) {
        this.registry = registry;
        sourceBytes = DistributionSummary.builder("imagepipe.source.bytes").baseUnit("bytes")
                .description("Size of source objects downloaded").register(registry);
        outputBytes = Counter.builder("imagepipe.output.bytes").baseUnit("bytes")
                .description("Bytes of renditions written").register(registry);
    }

    public MeterRegistry registry() {
        return registry;
    }

    public void outcome(String label) {
        Counter.builder(MESSAGES).description("Queue messages by how they ended").tag("outcome", label)
                .register(registry).increment();
    }

    public void stage(String stage, long nanos) {
        Timer.builder(STAGE).description("Time spent per stage of one source").tag("stage", stage)
                .publishPercentileHistogram().minimumExpectedValue(Duration.ofMillis(1))
                .maximumExpectedValue(Duration.ofMinutes(2)).register(registry).record(Duration.ofNanos(nanos));
    }

    public void sourceBytes(long bytes) {
        sourceBytes.record(bytes);
    }

    public void outputBytes(long bytes) {
        outputBytes.increment(bytes);
    }

    public void gauge(String name, String description, Supplier<Number> value) {
        Gauge.builder(name, value).description(description).register(registry);
    }
}

package io.imagepipe.lambda;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.cumulative.CumulativeDistributionSummary;
import io.micrometer.core.instrument.cumulative.CumulativeTimer;
import io.micrometer.core.instrument.distribution.DistributionStatisticConfig;
import io.micrometer.core.instrument.distribution.pause.PauseDetector;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;

/**
 * The pipeline's meters, written after each invocation as CloudWatch Embedded Metric Format lines
 * (one JSON object per line on stdout; CloudWatch Logs turns them into metrics, no API calls). The
 * metric names are the Prometheus ones of the service ({@code imagepipe_messages_total},
 * {@code imagepipe_stage_seconds}...) and the meters' tags ({@code outcome}, {@code stage}) are
 * the dimensions. Counters are written as what they grew by since the last flush, timers and
 * distribution summaries as every value recorded since (EMF takes up to 100 values a metric a line),
 * gauges as their current value.
 */
final class EmfMeterRegistry extends SimpleMeterRegistry {
    static final int MAX_VALUES_PER_LINE = 100;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final String namespace;
    private final Map<Meter.Id, Double> countersFlushed = new ConcurrentHashMap<>();

    EmfMeterRegistry(String namespace) {
        this.namespace = namespace;
    }

    @Override
    protected Timer newTimer(Meter.Id id, DistributionStatisticConfig config, PauseDetector pauseDetector) {
        return new RecordingTimer(id, clock, config, pauseDetector);
    }

    @Override
    protected DistributionSummary newDistributionSummary(Meter.Id id, DistributionStatisticConfig config,
                                                         double scale) {
        return new RecordingSummary(id, clock, config, scale);
    }

    /** The EMF lines of what happened since the last call; counters and recorded values start again from here. */
    List<String> drain(long timestampMillis) {
        List<String> lines = new ArrayList<>();
        for (Meter meter : getMeters()) {
            Meter.Id id = meter.getId();
            if (meter instanceof Counter counter) {
                double now = counter.count();
                double before = countersFlushed.getOrDefault(id, 0.0);
                countersFlushed.put(id, now);
                if (now > before) {
                    lines.add(line(timestampMillis, id, unit(id, "Count"), JSON.getNodeFactory().numberNode(now - before)));
                }
            } else if (meter instanceof RecordingTimer timer) {
                chunks(timer.values).forEach(values -> lines.add(line(timestampMillis, id, "Seconds", values)));
            } else if (meter instanceof RecordingSummary summary) {
                chunks(summary.values).forEach(values -> lines.add(line(timestampMillis, id, unit(id, "None"), values)));
            } else if (meter instanceof Gauge gauge && Double.isFinite(gauge.value())) {
                lines.add(line(timestampMillis, id, unit(id, "None"), JSON.getNodeFactory().numberNode(gauge.value())));
            }
        }
        return lines;
    }

    /**
     * The name Prometheus gives the meter: dots become underscores, the base unit is appended unless
     * the name already ends with it (seconds for timers), and counters end in {@code _total}.
     */
    static String prometheusName(Meter.Id id) {
        String name = id.getName().replace('.', '_');
        String unit = id.getType() == Meter.Type.TIMER ? "seconds" : id.getBaseUnit();
        if (unit != null && !unit.isEmpty() && !name.endsWith("_" + unit)) {
            name += "_" + unit;
        }
        if (id.getType() == Meter.Type.COUNTER) {
            name += "_total";
        }
        return name;
    }

    private static String unit(Meter.Id id, String otherwise) {
        return "bytes".equals(id.getBaseUnit()) ? "Bytes" : otherwise;
    }

    private String line(long timestampMillis, Meter.Id id, String unit, com.fasterxml.jackson.databind.JsonNode value) {
        String name = prometheusName(id);
        ObjectNode root = JSON.createObjectNode();
        ObjectNode aws = root.putObject("_aws");
        aws.put("Timestamp", timestampMillis);
        ObjectNode directive = aws.putArray("CloudWatchMetrics").addObject();
        directive.put("Namespace", namespace);
        ArrayNode dimensions = directive.putArray("Dimensions").addArray();
        for (Tag tag : id.getTagsAsIterable()) {
            dimensions.add(tag.getKey());
            root.put(tag.getKey(), tag.getValue());
        }
        directive.putArray("Metrics").addObject().put("Name", name).put("Unit", unit);
        root.set(name, value);
        return root.toString();
    }

    private static List<ArrayNode> chunks(ConcurrentLinkedQueue<Double> values) {
        List<ArrayNode> chunks = new ArrayList<>();
        ArrayNode current = null;
        for (Double v = values.poll(); v != null; v = values.poll()) {
            if (current == null || current.size() == MAX_VALUES_PER_LINE) {
                current = JSON.createArrayNode();
                chunks.add(current);
            }
            current.add(v);
        }
        return chunks;
    }

    /** A timer that also keeps each recorded time, in seconds, until the next flush. */
    private static final class RecordingTimer extends CumulativeTimer {
        final ConcurrentLinkedQueue<Double> values = new ConcurrentLinkedQueue<>();

        RecordingTimer(Meter.Id id, io.micrometer.core.instrument.Clock clock, DistributionStatisticConfig config,
                       PauseDetector pauseDetector) {
            super(id, clock, config, pauseDetector, TimeUnit.SECONDS, false);
        }

        @Override
        protected void recordNonNegative(long amount, TimeUnit unit) {
            super.recordNonNegative(amount, unit);
            values.add(unit.toNanos(amount) / 1e9);
        }
    }

    /** A distribution summary that also keeps each recorded value until the next flush. */
    private static final class RecordingSummary extends CumulativeDistributionSummary {
        final ConcurrentLinkedQueue<Double> values = new ConcurrentLinkedQueue<>();

        RecordingSummary(Meter.Id id, io.micrometer.core.instrument.Clock clock, DistributionStatisticConfig config,
                         double scale) {
            super(id, clock, config, scale, false);
        }

        @Override
        protected void recordNonNegative(double amount) {
            super.recordNonNegative(amount);
            values.add(amount);
        }
    }
}

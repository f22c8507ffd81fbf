package io.imagepipe.loadtest;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.stream.Collectors;

/**
 * Every upload's outcome, collected across virtual users (one instance per simulation, thread-safe):
 * the raw material of the run's own summary, which Gatling's report cannot give, namely the window
 * from the first upload to the last manifest and the throughput over it.
 */
public final class ReadyLog {
    /** One upload: its size class, when its upload started, when it was seen ready, and whether it was. */
    public record Entry(String size, long startMillis, long endMillis, boolean ready) {
        long millis() {
            return endMillis - startMillis;
        }
    }

    /** Percentiles of one size class (or of all, under the label {@code all}), in milliseconds. */
    public record SizeSummary(String size, int ready, int failed, long p50, long p95, long p99, long max) {
    }

    /**
     * @param windowMillis   first upload start to last manifest seen (of the uploads that became ready)
     * @param imagesPerSecond ready uploads over that window
     */
    public record Summary(int uploads, int ready, long windowMillis, double imagesPerSecond, List<SizeSummary> sizes) {
        public String toJson() {
            return "{\"uploads\": " + uploads + ", \"ready\": " + ready + ", \"windowMillis\": " + windowMillis
                    + ", \"imagesPerSecond\": " + String.format(Locale.ROOT, "%.3f", imagesPerSecond)
                    + ", \"uploadToReadyMillis\": [" + sizes.stream().map(s -> String.format(Locale.ROOT,
                    "{\"size\": \"%s\", \"ready\": %d, \"failed\": %d, \"p50\": %d, \"p95\": %d, \"p99\": %d, \"max\": %d}",
                    s.size, s.ready, s.failed, s.p50, s.p95, s.p99, s.max)).collect(Collectors.joining(", ")) + "]}";
        }

        public String toText() {
            StringBuilder out = new StringBuilder(String.format(Locale.ROOT,
                    "uploads %d, ready %d, first upload to last manifest %.2f s, %.2f images/s%n",
                    uploads, ready, windowMillis / 1000.0, imagesPerSecond));
            out.append(String.format(Locale.ROOT, "%-6s %6s %6s %8s %8s %8s %8s%n",
                    "size", "ready", "failed", "p50 ms", "p95 ms", "p99 ms", "max ms"));
            for (SizeSummary s : sizes) {
                out.append(String.format(Locale.ROOT, "%-6s %6d %6d %8d %8d %8d %8d%n",
                        s.size, s.ready, s.failed, s.p50, s.p95, s.p99, s.max));
            }
            return out.toString();
        }
    }

    private final ConcurrentLinkedQueue<Entry> entries = new ConcurrentLinkedQueue<>();

    public void add(Entry entry) {
        entries.add(entry);
    }

    public int size() {
        return entries.size();
    }

    public long readyCount() {
        return entries.stream().filter(Entry::ready).count();
    }

    /** From the first upload's start to the last result seen (ready or not); zero-length when empty. */
    public record Window(long startMillis, long endMillis) {
    }

    public Window window() {
        long now = System.currentTimeMillis();
        long start = entries.stream().mapToLong(Entry::startMillis).min().orElse(now);
        long end = entries.stream().mapToLong(Entry::endMillis).max().orElse(start);
        return new Window(start, end);
    }

    public Summary summary() {
        List<Entry> all = new ArrayList<>(entries);
        List<Entry> ready = all.stream().filter(Entry::ready).toList();
        long window = ready.isEmpty() ? 0 : ready.stream().mapToLong(Entry::endMillis).max().getAsLong()
                - all.stream().mapToLong(Entry::startMillis).min().getAsLong();
        double perSecond = window == 0 ? 0 : ready.size() * 1000.0 / window;
        Map<String, List<Entry>> bySize = new TreeMap<>(Comparator.comparingInt(ReadyLog::megapixelsOf)
                .thenComparing(Comparator.naturalOrder()));
        all.forEach(e -> bySize.computeIfAbsent(e.size(), k -> new ArrayList<>()).add(e));
        List<SizeSummary> sizes = new ArrayList<>();
        bySize.forEach((size, list) -> sizes.add(sizeSummary(size, list)));
        if (bySize.size() > 1) {
            sizes.add(sizeSummary("all", all));
        }
        return new Summary(all.size(), ready.size(), window, perSecond, sizes);
    }

    public void write(Path file) {
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            Files.writeString(file, summary().toJson() + "\n");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static SizeSummary sizeSummary(String size, List<Entry> entries) {
        long[] millis = entries.stream().filter(Entry::ready).mapToLong(Entry::millis).sorted().toArray();
        int failed = entries.size() - millis.length;
        return new SizeSummary(size, millis.length, failed, percentile(millis, 50), percentile(millis, 95),
                percentile(millis, 99), millis.length == 0 ? 0 : millis[millis.length - 1]);
    }

    /** Nearest-rank percentile of sorted values (0 when there are none). */
    static long percentile(long[] sorted, double p) {
        if (sorted.length == 0) {
            return 0;
        }
        int rank = (int) Math.ceil(p / 100.0 * sorted.length);
        return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
    }

    private static int megapixelsOf(String size) {
        String digits = size.replaceAll("[^0-9]", "");
        return digits.isEmpty() ? Integer.MAX_VALUE : Integer.parseInt(digits);
    }
}

package io.imagepipe.loadtest;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ReadyLogTest {

    @Test
    void nearestRankPercentiles() {
        long[] values = new long[100];
        for (int i = 0; i < 100; i++) {
            values[i] = i + 1;
        }
        assertThat(ReadyLog.percentile(values, 50)).isEqualTo(50);
        assertThat(ReadyLog.percentile(values, 95)).isEqualTo(95);
        assertThat(ReadyLog.percentile(values, 99)).isEqualTo(99);
        assertThat(ReadyLog.percentile(new long[] {7}, 99)).isEqualTo(7);
        assertThat(ReadyLog.percentile(new long[0], 50)).isZero();
    }

    @Test
    void windowRunsFromFirstUploadToLastReadyAndGivesTheThroughput() {
        ReadyLog log = new ReadyLog();
        log.add(new ReadyLog.Entry("1MP", 1_000, 2_000, true));
        log.add(new ReadyLog.Entry("12MP", 1_500, 5_000, true));
        log.add(new ReadyLog.Entry("4MP", 1_200, 3_000, true));
        log.add(new ReadyLog.Entry("4MP", 1_100, 9_000, false));

        ReadyLog.Summary summary = log.summary();

        assertThat(summary.uploads()).isEqualTo(4);
        assertThat(summary.ready()).isEqualTo(3);
        assertThat(summary.windowMillis()).isEqualTo(4_000);
        assertThat(summary.imagesPerSecond()).isEqualTo(0.75);
        assertThat(summary.sizes()).extracting(ReadyLog.SizeSummary::size).containsExactly("1MP", "4MP", "12MP", "all");
        assertThat(summary.sizes().get(1)).isEqualTo(new ReadyLog.SizeSummary("4MP", 1, 1, 1_800, 1_800, 1_800, 1_800));
        assertThat(log.window()).isEqualTo(new ReadyLog.Window(1_000, 9_000));
        assertThat(summary.toJson()).contains("\"imagesPerSecond\": 0.750").contains("\"size\": \"12MP\"");
    }
}

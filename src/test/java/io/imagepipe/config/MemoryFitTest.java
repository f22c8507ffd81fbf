package io.imagepipe.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class MemoryFitTest {
    private static final long MB = 1024 * 1024;

    private static Config config(String budgetMb) {
        return new ConfigLoader(Map.of("IMAGEPIPE_QUEUE_URL", "https://sqs.example/q", "IMAGEPIPE_WORKERS", "2",
                "IMAGEPIPE_MEMORY_BUDGET_MB", budgetMb), Map.of()).load();
    }

    @Test
    void theDefaultBudgetOnA256MbHeapIsWarnedAboutWithWhatToSet() {
        assertThat(MemoryFit.check(config("400"), 256 * MB)).hasValueSatisfying(w -> assertThat(w)
                .contains("IMAGEPIPE_MEMORY_BUDGET_MB=400").contains("heap is 256 MB")
                .contains("-Xmx528m").contains("set IMAGEPIPE_MEMORY_BUDGET_MB to at most 128")
                .contains("IMAGEPIPE_MAX_SOURCE_PIXELS"));
    }

    @Test
    void aBudgetThatFitsTheHeapIsNotWarnedAbout() {
        assertThat(MemoryFit.check(config("400"), 1024 * MB)).isEmpty();
    }

    @Test
    void theSuggestedBudgetFitsWhenTheSourcesDoNotFillTheHeap() {
        assertThat(MemoryFit.check(config("600"), 700 * MB)).hasValueSatisfying(w -> assertThat(w)
                .contains("set IMAGEPIPE_MEMORY_BUDGET_MB to at most 572"));
        assertThat(MemoryFit.check(config("572"), 700 * MB)).isEmpty();
    }

    @Test
    void aHeapWithNoRoomForImagesSaysHowMuchToGive() {
        assertThat(MemoryFit.check(config("400"), 100 * MB)).hasValueSatisfying(w -> assertThat(w)
                .contains("at least -Xmx528m").doesNotContain("at most"));
    }
}

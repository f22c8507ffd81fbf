package io.imagepipe.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Which outcome a message with several object events ends in (DESIGN.md section 5). */
class OutcomesTest {
    private static final Outcome RETRY = new Outcome.Retry(new IOException("connection reset"));
    private static final Outcome REJECTED = new Outcome.Rejected("corrupt", "truncated JPEG");
    private static final Outcome PROCESSED = new Outcome.Processed(3);
    private static final Outcome REMOVED = new Outcome.Removed(4);
    private static final Outcome DUPLICATE = new Outcome.Duplicate("outputs exist for this ETag");
    private static final Outcome GONE = new Outcome.Gone("deleted before we got it");
    private static final Outcome SKIPPED = new Outcome.Skipped("our own output");

    /** Most demanding first. */
    private static final List<Outcome> PRECEDENCE = List.of(RETRY, REJECTED, PROCESSED, REMOVED, DUPLICATE, GONE,
            SKIPPED);

    @Test
    void aSingleOutcomeIsItself() {
        for (Outcome o : PRECEDENCE) {
            assertThat(Outcomes.combine(List.of(o))).isSameAs(o);
        }
    }

    @Test
    void everyOutcomeWinsOverEveryLessDemandingOneInEitherOrder() {
        for (int i = 0; i < PRECEDENCE.size(); i++) {
            for (int j = i + 1; j < PRECEDENCE.size(); j++) {
                Outcome stronger = PRECEDENCE.get(i);
                Outcome weaker = PRECEDENCE.get(j);
                assertThat(Outcomes.combine(List.of(stronger, weaker))).as("%s vs %s", stronger, weaker)
                        .isSameAs(stronger);
                assertThat(Outcomes.combine(List.of(weaker, stronger))).as("%s vs %s", weaker, stronger)
                        .isSameAs(stronger);
            }
        }
    }

    @Test
    void aRetryAnywhereMakesTheWholeMessageRetry() {
        List<Outcome> all = new ArrayList<>(PRECEDENCE);
        Collections.reverse(all);

        assertThat(Outcomes.combine(all)).isSameAs(RETRY);
        assertThat(Outcomes.combine(all).finished()).isFalse();
    }

    @Test
    void aRejectionWinsOverWorkDoneSoTheMessageIsDeadLettered() {
        assertThat(Outcomes.combine(List.of(PROCESSED, PROCESSED, REJECTED, DUPLICATE))).isSameAs(REJECTED);
    }

    @Test
    void amongEqualsTheFirstIsKept() {
        Outcome first = new Outcome.Processed(1);
        Outcome second = new Outcome.Processed(2);

        assertThat(Outcomes.combine(List.of(SKIPPED, first, second, GONE))).isSameAs(first);
    }

    @Test
    void labelsAreTheMetricOutcomes() {
        assertThat(PRECEDENCE).extracting(Outcome::label)
                .containsExactly("retried", "rejected", "processed", "removed", "duplicate", "gone", "skipped");
        assertThat(PRECEDENCE).filteredOn(Outcome::finished).hasSize(PRECEDENCE.size() - 1);
        assertThat(RETRY.detail()).isEqualTo("IOException: connection reset");
        assertThat(REJECTED.detail()).isEqualTo("corrupt: truncated JPEG");
    }
}

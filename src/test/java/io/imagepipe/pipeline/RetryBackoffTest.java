package io.imagepipe.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The release delays of DESIGN.md section 5: 10 s, 20 s, 40 s ... by receive count, capped. */
class RetryBackoffTest {
    private final RetryBackoff backoff = new RetryBackoff(Duration.ofSeconds(900));

    @Test
    void doublesFromTenSecondsByReceiveCount() {
        assertThat(backoff.delay(1)).isEqualTo(Duration.ofSeconds(10));
        assertThat(backoff.delay(2)).isEqualTo(Duration.ofSeconds(20));
        assertThat(backoff.delay(3)).isEqualTo(Duration.ofSeconds(40));
        assertThat(backoff.delay(4)).isEqualTo(Duration.ofSeconds(80));
        assertThat(backoff.delay(5)).isEqualTo(Duration.ofSeconds(160));
        assertThat(backoff.delay(6)).isEqualTo(Duration.ofSeconds(320));
        assertThat(backoff.delay(7)).isEqualTo(Duration.ofSeconds(640));
    }

    @Test
    void isCappedAndStaysCappedForAnyReceiveCount() {
        assertThat(backoff.delay(8)).isEqualTo(Duration.ofSeconds(900));
        assertThat(backoff.delay(31)).isEqualTo(Duration.ofSeconds(900));
        assertThat(backoff.delay(64)).as("no shift overflow").isEqualTo(Duration.ofSeconds(900));
        assertThat(backoff.delay(Integer.MAX_VALUE)).isEqualTo(Duration.ofSeconds(900));
    }

    @Test
    void aCountBelowOneStartsAtTheBase() {
        assertThat(backoff.delay(0)).isEqualTo(Duration.ofSeconds(10));
        assertThat(backoff.delay(-5)).isEqualTo(Duration.ofSeconds(10));
    }

    @Test
    void theCapAppliesFromTheFirstDelay() {
        assertThat(new RetryBackoff(Duration.ofSeconds(15)).delay(1)).isEqualTo(Duration.ofSeconds(10));
        assertThat(new RetryBackoff(Duration.ofSeconds(15)).delay(2)).isEqualTo(Duration.ofSeconds(15));
        assertThat(new RetryBackoff(Duration.ofSeconds(5)).delay(1)).isEqualTo(Duration.ofSeconds(5));
    }

    @Test
    void theLongestDelayFitsSqsLimit() {
        // ChangeMessageVisibility takes at most 12 hours; the configured cap is at most that too.
        assertThat(new RetryBackoff(Duration.ofHours(12)).delay(Integer.MAX_VALUE)).isEqualTo(Duration.ofHours(12));
    }
}

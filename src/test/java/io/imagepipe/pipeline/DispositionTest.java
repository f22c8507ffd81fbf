package io.imagepipe.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

/** The one mapping from Outcome to queue action (DESIGN.md section 5), shared by the SQS and Lambda adapters. */
class DispositionTest {
    private static final RetryBackoff BACKOFF = new RetryBackoff(Duration.ofSeconds(900));
    private static final Disposition.Rule WITH_DLQ = new Disposition.Rule(BACKOFF, true);
    private static final Disposition.Rule WITHOUT_DLQ = new Disposition.Rule(BACKOFF, false);
    private static final OptionalInt FIVE = OptionalInt.of(5);
    private static final Outcome RETRY = new Outcome.Retry("s3_SlowDown", new IOException("503 Slow Down"));

    @Test
    void everyFinishedOutcomeOtherThanRejectedIsDeleted() {
        for (Outcome o : List.of(new Outcome.Processed(3), new Outcome.Duplicate("same ETag"),
                new Outcome.Skipped("s3:TestEvent"), new Outcome.Gone("deleted"), new Outcome.Removed(2),
                new Outcome.Superseded("overwritten"))) {
            assertThat(WITH_DLQ.decide(o, 5, FIVE)).as(o.label()).isEqualTo(new Disposition.Delete());
            assertThat(WITHOUT_DLQ.decide(o, 1, OptionalInt.empty())).as(o.label()).isEqualTo(new Disposition.Delete());
        }
    }

    @Test
    void aRejectionIsDeadLetteredWithItsReasonAtOnce() {
        assertThat(WITH_DLQ.decide(new Outcome.Rejected("corrupt", "JPEG ends early"), 1, FIVE))
                .isEqualTo(new Disposition.DeadLetter("corrupt", "JPEG ends early"));
    }

    @Test
    void aRejectionWithoutADlqIsReleasedWithBackoffForTheRedrivePolicy() {
        assertThat(WITHOUT_DLQ.decide(new Outcome.Rejected("corrupt", "bad"), 2, FIVE))
                .isEqualTo(new Disposition.Release(Duration.ofSeconds(20)));
    }

    @Test
    void aTransientFailureBeforeTheLastReceiveIsReleasedWithBackoff() {
        assertThat(WITH_DLQ.decide(RETRY, 1, FIVE)).isEqualTo(new Disposition.Release(Duration.ofSeconds(10)));
        assertThat(WITH_DLQ.decide(RETRY, 4, FIVE)).isEqualTo(new Disposition.Release(Duration.ofSeconds(80)));
    }

    @Test
    void aTransientFailureOnTheLastAllowedReceiveIsDeadLetteredWithItsReason() {
        Disposition d = WITH_DLQ.decide(RETRY, 5, FIVE);

        assertThat(d).isInstanceOfSatisfying(Disposition.DeadLetter.class, dead -> {
            assertThat(dead.reason()).isEqualTo("s3_SlowDown");
            assertThat(dead.message()).isEqualTo("still failing on receive 5 of 5: IOException: 503 Slow Down");
        });
        assertThat(WITH_DLQ.decide(RETRY, 9, FIVE)).as("past it too").isInstanceOf(Disposition.DeadLetter.class);
    }

    @Test
    void withoutARedrivePolicyATransientFailureIsRetriedForEver() {
        assertThat(WITH_DLQ.decide(RETRY, 1000, OptionalInt.empty()))
                .isEqualTo(new Disposition.Release(Duration.ofSeconds(900)));
    }

    @Test
    void withoutADlqTheLastReceiveIsReleasedBecauseThereIsNowhereElseToSendIt() {
        assertThat(WITHOUT_DLQ.decide(RETRY, 5, FIVE)).isInstanceOf(Disposition.Release.class);
    }

    @Test
    void workThatNeverStartedIsReleasedAtOnce() {
        assertThat(WITH_DLQ.decide(new Outcome.Released("stopping"), 5, FIVE)).isEqualTo(new Disposition.ReleaseNow());
    }

    @Test
    void anOutOfMemoryRetryIsDeadLetteredAsOutOfMemoryOnTheLastReceive() {
        Outcome oom = new Outcome.Retry("out_of_memory", new OutOfMemoryError("Java heap space"));

        assertThat(WITH_DLQ.decide(oom, 3, OptionalInt.of(3))).isInstanceOfSatisfying(Disposition.DeadLetter.class,
                d -> assertThat(d.reason()).isEqualTo("out_of_memory"));
    }

    @Test
    void deadLetterAttributesHaveNoControlCharactersThatSqsRefuses() {
        var dead = new Disposition.DeadLetter("corrupt", "bad file s3://up/a\nb\u0000c\u0007\td\u001b[31m\u0085\uffff");

        assertThat(dead.message()).isEqualTo("bad file s3://up/a\\u000ab\\u0000c\\u0007\\u0009d\\u001b[31m\\u0085\\uffff");
        assertThat(dead.message().chars()).noneMatch(c -> c < 0x20 || c == 0x7f);
    }

    @Test
    void deadLetterAttributesKeepUnicodeAndDropLoneSurrogates() {
        var dead = new Disposition.DeadLetter("corrupt", "é 猫 \uD83D\uDC31 lone \uD800 end");

        assertThat(dead.message()).isEqualTo("é 猫 \uD83D\uDC31 lone \\ud800 end");
    }

    @Test
    void deadLetterAttributesAreNeverEmptyAndAtMost1024CodePoints() {
        assertThat(new Disposition.DeadLetter("", null)).isEqualTo(new Disposition.DeadLetter("-", "-"));
        assertThat(new Disposition.DeadLetter("x", "y".repeat(5000)).message()).hasSize(1024);
        String cats = "\uD83D\uDC31".repeat(2000);
        String cut = new Disposition.DeadLetter("x", cats).message();
        assertThat(cut.codePointCount(0, cut.length())).isEqualTo(1024);
        assertThat(Character.isHighSurrogate(cut.charAt(cut.length() - 1))).as("not cut inside a pair").isFalse();
        String escapes = new Disposition.DeadLetter("x", "\n".repeat(2000)).message();
        assertThat(escapes).hasSize(1020).as("whole escapes only").endsWith("\\u000a");
    }
}

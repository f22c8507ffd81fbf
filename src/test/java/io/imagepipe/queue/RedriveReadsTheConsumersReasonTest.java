package io.imagepipe.queue;

import static org.assertj.core.api.Assertions.assertThat;

import io.imagepipe.cli.Redrive;
import org.junit.jupiter.api.Test;

class RedriveReadsTheConsumersReasonTest {
    @Test
    void redriveSelectsByTheAttributeTheConsumerWrites() {
        assertThat(Redrive.REASON_ATTRIBUTE).isEqualTo(MessageActions.REASON_ATTRIBUTE);
    }
}

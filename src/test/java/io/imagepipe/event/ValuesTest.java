package io.imagepipe.event;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The value types keep their own promises, whoever builds them. */
class ValuesTest {

    private static ObjectEvent created(String key) {
        return new ObjectEvent(ObjectEventKind.CREATED, "uploads", key, null, -1, null, null, "ObjectCreated:Put", null);
    }

    @Test
    void parsedMessageEventsCannotBeChangedAfterward() {
        List<ObjectEvent> events = new ArrayList<>(List.of(created("a.jpg")));
        ParsedMessage message = new ParsedMessage(events, false);

        events.add(created("b.jpg"));

        assertThat(message.events()).hasSize(1);
        assertThatThrownBy(() -> message.events().add(created("c.jpg"))).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void testEventWithObjectEventsIsRefused() {
        assertThatIllegalArgumentException().isThrownBy(() -> new ParsedMessage(List.of(created("a.jpg")), true));
    }

    @Test
    void objectEventNeedsKindBucketKeyAndEventName() {
        assertThatNullPointerException().isThrownBy(
                () -> new ObjectEvent(null, "b", "k", null, -1, null, null, "ObjectCreated:Put", null)).withMessage("kind");
        assertThatNullPointerException().isThrownBy(
                () -> new ObjectEvent(ObjectEventKind.CREATED, null, "k", null, -1, null, null, "n", null)).withMessage("bucket");
        assertThatNullPointerException().isThrownBy(
                () -> new ObjectEvent(ObjectEventKind.CREATED, "b", null, null, -1, null, null, "n", null)).withMessage("key");
        assertThatNullPointerException().isThrownBy(
                () -> new ObjectEvent(ObjectEventKind.CREATED, "b", "k", null, -1, null, null, null, null)).withMessage("eventName");
    }

    @Test
    void objectEventSizeBelowTheAbsentMarkerIsRefused() {
        assertThatIllegalArgumentException().isThrownBy(
                () -> new ObjectEvent(ObjectEventKind.CREATED, "b", "k", null, -2, null, null, "n", null));
    }
}

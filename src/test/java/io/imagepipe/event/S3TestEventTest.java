package io.imagepipe.event;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/** S3 sends s3:TestEvent once when a notification configuration is saved; it names no object. */
class S3TestEventTest {

    private final EventParser parser = new EventParser();

    @Test
    void testEventIsRecognisedAndCarriesNoEvents() throws Exception {
        ParsedMessage parsed = parser.parse(Messages.TEST_EVENT);

        assertThat(parsed).isEqualTo(new ParsedMessage(java.util.List.of(), true));
    }

    @Test
    void unknownS3ServiceEventIsMalformed() {
        String body = """
                {"Service":"Amazon S3","Event":"s3:SomethingNew","Time":"2024-05-01T12:00:00.000Z","Bucket":"uploads"}""";

        assertThatExceptionOfType(MalformedEventException.class).isThrownBy(() -> parser.parse(body))
                .withMessage("Event is 's3:SomethingNew', the only S3 service event known is 's3:TestEvent'");
    }
}

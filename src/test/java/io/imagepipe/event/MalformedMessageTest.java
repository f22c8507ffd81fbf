package io.imagepipe.event;

import com.fasterxml.jackson.core.JsonProcessingException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.NullSource;
import org.junit.jupiter.params.provider.ValueSource;

import static io.imagepipe.event.Messages.created;
import static io.imagepipe.event.Messages.notification;
import static io.imagepipe.event.Messages.record;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/** Bodies that cannot be handled: each is refused with a reason that says exactly what is wrong. */
class MalformedMessageTest {

    private final EventParser parser = new EventParser();

    private org.assertj.core.api.ThrowableAssertAlternative<MalformedEventException> rejecting(String body) {
        return assertThatExceptionOfType(MalformedEventException.class).isThrownBy(() -> parser.parse(body));
    }

    @Test
    void bodyThatIsNotJsonIsRefused() {
        rejecting("hello world")
                .withMessageStartingWith("body is not JSON: Unrecognized token 'hello'")
                .withMessageEndingWith("(line 1, column 1)")
                .withCauseInstanceOf(JsonProcessingException.class);
    }

    @Test
    void truncatedJsonIsRefused() {
        String whole = created("cat.jpg");

        rejecting(whole.substring(0, whole.length() / 2)).withMessageStartingWith("body is not JSON: ");
    }

    @Test
    void trailingGarbageAfterJsonIsRefused() {
        rejecting(created("cat.jpg") + " and more").withMessageStartingWith("body is not JSON: ");
    }

    @ParameterizedTest
    @NullSource
    @ValueSource(strings = {"", "   ", "\n\t"})
    void emptyBodyIsRefused(String body) {
        rejecting(body).withMessage("body is empty");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '\'', value = {
            "'[{\"Records\":[]}]' | an array",
            "'\"Records\"'        | a string",
            "42                   | a number",
            "true                 | a boolean",
            "null                 | null",
    })
    void jsonThatIsNotAnObjectIsRefused(String body, String what) {
        rejecting(body).withMessage("body is not a JSON object but " + what);
    }

    @Test
    void recordsThatIsNotAnArrayIsRefused() {
        rejecting("""
                {"Records":{"eventSource":"aws:s3"}}""").withMessage("Records is not an array but an object");
    }

    @Test
    void recordThatIsNotAnObjectIsRefused() {
        rejecting(notification(record("ObjectCreated:Put", "uploads", "a.jpg"), "\"b.jpg\""))
                .withMessage("Records[1] is not an object but a string");
    }

    @Test
    void missingBucketNameIsRefusedNamingTheRecord() {
        String second = record("ObjectCreated:Put", "uploads", "b.jpg").replace("\"name\": \"uploads\", ", "");

        rejecting(notification(record("ObjectCreated:Put", "uploads", "a.jpg"), second))
                .withMessage("Records[1].s3.bucket.name is missing");
    }

    @Test
    void missingKeyIsRefusedNamingTheRecord() {
        String second = record("ObjectCreated:Put", "uploads", "b.jpg").replace("\"key\": \"b.jpg\", ", "");

        rejecting(notification(record("ObjectCreated:Put", "uploads", "a.jpg"), second))
                .withMessage("Records[1].s3.object.key is missing");
    }

    @Test
    void nullKeyIsRefused() {
        rejecting(created("x").replace("\"key\": \"x\"", "\"key\": null"))
                .withMessage("Records[0].s3.object.key is missing");
    }

    @Test
    void emptyKeyIsRefused() {
        rejecting(created("")).withMessage("Records[0].s3.object.key is empty");
    }

    @Test
    void keyThatIsNotAStringIsRefused() {
        rejecting(created("x").replace("\"key\": \"x\"", "\"key\": 12"))
                .withMessage("Records[0].s3.object.key is not a string but a number");
    }

    @Test
    void missingS3SectionIsRefused() {
        rejecting(notification("""
                {"eventSource":"aws:s3","eventName":"ObjectCreated:Put"}"""))
                .withMessage("Records[0].s3 is missing");
    }

    @Test
    void missingObjectSectionIsRefused() {
        rejecting(notification("""
                {"eventSource":"aws:s3","eventName":"ObjectCreated:Put","s3":{"bucket":{"name":"uploads"}}}"""))
                .withMessage("Records[0].s3.object is missing");
    }

    @Test
    void bucketThatIsNotAnObjectIsRefused() {
        rejecting(notification("""
                {"eventSource":"aws:s3","eventName":"ObjectCreated:Put","s3":{"bucket":"uploads","object":{"key":"a"}}}"""))
                .withMessage("Records[0].s3.bucket is not an object but a string");
    }

    @Test
    void missingEventSourceIsRefused() {
        rejecting(notification("""
                {"eventName":"ObjectCreated:Put","s3":{"bucket":{"name":"uploads"},"object":{"key":"a"}}}"""))
                .withMessage("Records[0].eventSource is missing");
    }

    @Test
    void missingEventNameIsRefused() {
        rejecting(notification("""
                {"eventSource":"aws:s3","s3":{"bucket":{"name":"uploads"},"object":{"key":"a"}}}"""))
                .withMessage("Records[0].eventName is missing");
    }

    @ParameterizedTest(name = "size {0}")
    @ValueSource(strings = {"\"1024\"", "-5", "1.5", "99999999999999999999999"})
    void sizeThatIsNotAByteCountIsRefused(String size) {
        rejecting(created("a.jpg").replace("\"size\": 1024", "\"size\": " + size))
                .withMessage("Records[0].s3.object.size is not a byte count: " + size);
    }

    @Test
    void eventTimeThatIsNotAnInstantIsRefused() {
        rejecting(created("a.jpg").replace("2024-05-01T12:34:56.789Z", "01/05/2024 12:34"))
                .withMessage("Records[0].eventTime is not an ISO-8601 instant: '01/05/2024 12:34'");
    }

    @Test
    void eTagThatIsNotAStringIsRefused() {
        rejecting(created("a.jpg").replace("\"eTag\": \"d41d8cd98f00b204e9800998ecf8427e\"", "\"eTag\": [1]"))
                .withMessage("Records[0].s3.object.eTag is not a string but an array");
    }

    @Test
    void unknownShapeNamesItsTopLevelFields() {
        rejecting("""
                {"bucket":"uploads","key":"cat.jpg","action":"created"}""")
                .withMessage("unrecognised message shape: top-level fields [bucket, key, action]");
    }

    @Test
    void emptyObjectIsAnUnknownShape() {
        rejecting("{}").withMessage("unrecognised message shape: top-level fields []");
    }

    @Test
    void unknownShapeWithManyFieldsListsTheFirstTwenty() {
        StringBuilder body = new StringBuilder("{");
        for (int i = 0; i < 25; i++) {
            body.append(i == 0 ? "" : ",").append("\"f").append(i).append("\":").append(i);
        }
        body.append('}');

        rejecting(body.toString()).withMessage("unrecognised message shape: top-level fields "
                + "[f0, f1, f2, f3, f4, f5, f6, f7, f8, f9, f10, f11, f12, f13, f14, f15, f16, f17, f18, f19, ...]");
    }
}

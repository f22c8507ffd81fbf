package io.imagepipe.event;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Instant;

import static io.imagepipe.event.Messages.eventBridge;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/** S3 -> EventBridge -> SQS: the examples of the S3 User Guide, "EventBridge event message structure". */
class EventBridgeTest {

    private final EventParser parser = new EventParser();

    @Test
    void objectCreatedBecomesCreatedEventWithEveryField() throws Exception {
        String body = eventBridge("Object Created", """
                {"key": "example-key", "size": 5, "etag": "b1946ac92492d2347c6235b4d2611184",
                 "version-id": "IYV3p45BT0ac8hjHg1houSdS1a.Mro8e", "sequencer": "617f08299329d189"}""",
                "\"reason\": \"PutObject\"");

        ParsedMessage parsed = parser.parse(body);

        assertThat(parsed.testEvent()).isFalse();
        assertThat(parsed.events()).containsExactly(new ObjectEvent(ObjectEventKind.CREATED, "uploads", "example-key",
                "b1946ac92492d2347c6235b4d2611184", 5, "IYV3p45BT0ac8hjHg1houSdS1a.Mro8e", "617f08299329d189",
                "Object Created", Instant.parse("2021-11-12T00:00:00Z")));
    }

    @Test
    void objectDeletedBecomesRemovedEventWithoutSize() throws Exception {
        String body = eventBridge("Object Deleted", """
                {"key": "example-key", "etag": "d41d8cd98f00b204e9800998ecf8427e",
                 "version-id": "1QW9g1Z99LUNbvaaYVpW9xDlOLU.qxgF", "sequencer": "617f0837b476e463"}""",
                "\"reason\": \"DeleteObject\", \"deletion-type\": \"Delete Marker Created\"");

        assertThat(parser.parse(body).events()).containsExactly(new ObjectEvent(ObjectEventKind.REMOVED, "uploads",
                "example-key", "d41d8cd98f00b204e9800998ecf8427e", -1, "1QW9g1Z99LUNbvaaYVpW9xDlOLU.qxgF",
                "617f0837b476e463", "Object Deleted", Instant.parse("2021-11-12T00:00:00Z")));
    }

    @Test
    void lifecycleExpirationDeleteIsRemoved() throws Exception {
        String body = eventBridge("Object Deleted", """
                {"key": "old.jpg", "sequencer": "617b398000000000"}""",
                "\"reason\": \"Lifecycle Expiration\", \"deletion-type\": \"Permanently Deleted\"");

        assertThat(parser.parse(body).events()).singleElement()
                .extracting(ObjectEvent::kind).isEqualTo(ObjectEventKind.REMOVED);
    }

    @Test
    void keyIsTakenVerbatimNotFormDecoded() throws Exception {
        // AWS documents form encoding only for S3 notifications; EventBridge keys are plain
        String body = eventBridge("Object Created", """
                {"key": "My Trip+2024/100%25 été.jpg", "size": 5}""", "");

        assertThat(parser.parse(body).events()).singleElement()
                .extracting(ObjectEvent::key).isEqualTo("My Trip+2024/100%25 été.jpg");
    }

    @ParameterizedTest
    @ValueSource(strings = {"Object Restore Initiated", "Object Restore Completed", "Object Restore Expired",
            "Object Tags Added", "Object Tags Deleted", "Object ACL Updated", "Object Storage Class Changed",
            "Object Access Tier Changed"})
    void otherS3DetailTypesAreLeftOut(String detailType) throws Exception {
        ParsedMessage parsed = parser.parse(eventBridge(detailType, """
                {"key": "cat.jpg", "size": 5}""", ""));

        assertThat(parsed.events()).isEmpty();
        assertThat(parsed.testEvent()).isFalse();
    }

    @Test
    void eventFromAnotherServiceIsLeftOut() throws Exception {
        String body = """
                {"version":"0","id":"7bf73129-1428-4cd3-a780-95db273d1602","detail-type":"EC2 Instance State-change Notification",
                 "source":"aws.ec2","account":"123456789012","time":"2021-11-12T00:00:00Z","region":"ca-central-1",
                 "resources":["arn:aws:ec2:ca-central-1:123456789012:instance/i-abcd1111"],
                 "detail":{"instance-id":"i-abcd1111","state":"pending"}}""";

        assertThat(parser.parse(body).events()).isEmpty();
    }

    @Test
    void missingBucketNameIsMalformed() {
        String body = eventBridge("Object Created", """
                {"key": "cat.jpg"}""", "").replace("\"bucket\": {\"name\": \"uploads\"}", "\"bucket\": {}");

        assertThatExceptionOfType(MalformedEventException.class).isThrownBy(() -> parser.parse(body))
                .withMessage("detail.bucket.name is missing");
    }

    @Test
    void missingKeyIsMalformed() {
        String body = eventBridge("Object Created", """
                {"size": 5}""", "");

        assertThatExceptionOfType(MalformedEventException.class).isThrownBy(() -> parser.parse(body))
                .withMessage("detail.object.key is missing");
    }

    @Test
    void detailThatIsNotAnObjectIsMalformed() {
        String body = """
                {"version":"0","detail-type":"Object Created","source":"aws.s3","time":"2021-11-12T00:00:00Z","detail":"cat.jpg"}""";

        assertThatExceptionOfType(MalformedEventException.class).isThrownBy(() -> parser.parse(body))
                .withMessage("detail is not an object but a string");
    }

    @Test
    void badTimeIsMalformed() {
        String body = eventBridge("Object Created", """
                {"key": "cat.jpg"}""", "").replace("2021-11-12T00:00:00Z", "yesterday");

        assertThatExceptionOfType(MalformedEventException.class).isThrownBy(() -> parser.parse(body))
                .withMessage("time is not an ISO-8601 instant: 'yesterday'");
    }
}

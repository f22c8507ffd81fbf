package io.imagepipe.event;

import org.junit.jupiter.api.Test;

import java.time.Instant;

import static io.imagepipe.event.Messages.created;
import static io.imagepipe.event.Messages.eventBridge;
import static io.imagepipe.event.Messages.jsonString;
import static io.imagepipe.event.Messages.snsEnvelope;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/** S3 -> SNS -> SQS: without raw message delivery the S3 JSON arrives as a string in the envelope's Message. */
class SnsEnvelopeTest {

    private final EventParser parser = new EventParser();

    @Test
    void snsWrappedNotificationIsUnwrapped() throws Exception {
        // written out by hand, escaping and all, as it appears in the SQS console
        String body = """
                {
                  "Type" : "Notification",
                  "MessageId" : "2b4e5a7c-91d0-5b43-a1e2-2f8f1c0e9d11",
                  "TopicArn" : "arn:aws:sns:eu-west-1:111122223333:uploads-events",
                  "Subject" : "Amazon S3 Notification",
                  "Message" : "{\\"Records\\":[{\\"eventVersion\\":\\"2.1\\",\\"eventSource\\":\\"aws:s3\\",\\"awsRegion\\":\\"eu-west-1\\",\\"eventTime\\":\\"2024-05-01T12:34:56.789Z\\",\\"eventName\\":\\"ObjectCreated:Put\\",\\"userIdentity\\":{\\"principalId\\":\\"AWS:AIDAEXAMPLE\\"},\\"requestParameters\\":{\\"sourceIPAddress\\":\\"203.0.113.7\\"},\\"responseElements\\":{\\"x-amz-request-id\\":\\"C3D13FE58DE4C810\\",\\"x-amz-id-2\\":\\"example\\"},\\"s3\\":{\\"s3SchemaVersion\\":\\"1.0\\",\\"configurationId\\":\\"imagepipe\\",\\"bucket\\":{\\"name\\":\\"uploads\\",\\"ownerIdentity\\":{\\"principalId\\":\\"A3NL1KOZZKEXAMPLE\\"},\\"arn\\":\\"arn:aws:s3:::uploads\\"},\\"object\\":{\\"key\\":\\"holiday/beach+day.jpg\\",\\"size\\":2048,\\"eTag\\":\\"0123456789abcdef0123456789abcdef\\",\\"sequencer\\":\\"0062E99A88DC407460\\"}}}]}",
                  "Timestamp" : "2024-05-01T12:34:57.123Z",
                  "SignatureVersion" : "1",
                  "Signature" : "EXAMPLEpH+DcEwjAPg8O9mY8dReBSwksfg2S7WKQcikcNKWLQjwu6A4VbeS0QHVCkhRS7fUQvi2egU3N858fiTDN6bkkOxYDVrY0Ad8L10Hs3zH81mtnPk5uvvolIC1CXGu43obcgFxeL3khZl8IKvO61GWB6jI9b5+gLPoBc1Q=",
                  "SigningCertURL" : "https://sns.eu-west-1.amazonaws.com/SimpleNotificationService-0000000000000000000000.pem",
                  "UnsubscribeURL" : "https://sns.eu-west-1.amazonaws.com/?Action=Unsubscribe&SubscriptionArn=arn:aws:sns:eu-west-1:111122223333:uploads-events:7e7f4e0b"
                }""";

        ParsedMessage parsed = parser.parse(body);

        assertThat(parsed.testEvent()).isFalse();
        assertThat(parsed.events()).containsExactly(new ObjectEvent(ObjectEventKind.CREATED, "uploads",
                "holiday/beach day.jpg", "0123456789abcdef0123456789abcdef", 2048, null, "0062E99A88DC407460",
                "ObjectCreated:Put", Instant.parse("2024-05-01T12:34:56.789Z")));
    }

    @Test
    void snsWrappedKeyIsFormDecodedLikeARawOne() throws Exception {
        ParsedMessage parsed = parser.parse(snsEnvelope(created("caf%C3%A9+%2B+cr%C3%A8me.jpg")));

        assertThat(parsed.events()).singleElement().extracting(ObjectEvent::key).isEqualTo("café + crème.jpg");
    }

    @Test
    void snsWrappedTestEventIsATestEvent() throws Exception {
        ParsedMessage parsed = parser.parse(snsEnvelope(Messages.TEST_EVENT));

        assertThat(parsed.testEvent()).isTrue();
        assertThat(parsed.events()).isEmpty();
    }

    @Test
    void snsWrappedEventBridgeEventIsUnwrapped() throws Exception {
        String event = eventBridge("Object Created", """
                {"key": "a+b.jpg", "size": 5, "etag": "b1946ac92492d2347c6235b4d2611184"}""", "\"reason\": \"PutObject\"");

        ParsedMessage parsed = parser.parse(snsEnvelope(event));

        assertThat(parsed.events()).singleElement().satisfies(e -> {
            assertThat(e.kind()).isEqualTo(ObjectEventKind.CREATED);
            assertThat(e.key()).isEqualTo("a+b.jpg");
        });
    }

    @Test
    void rawMessageDeliveryIsAPlainNotification() throws Exception {
        // with RawMessageDelivery=true SNS puts the S3 JSON itself in the SQS body: nothing to unwrap
        assertThat(parser.parse(created("raw+delivery.jpg")).events()).singleElement()
                .extracting(ObjectEvent::key).isEqualTo("raw delivery.jpg");
    }

    @Test
    void snsMessageThatIsNotAStringIsMalformed() {
        String body = """
                {"Type":"Notification","TopicArn":"arn:aws:sns:eu-west-1:111122223333:t","Message":{"Records":[]}}""";

        assertThatExceptionOfType(MalformedEventException.class).isThrownBy(() -> parser.parse(body))
                .withMessage("SNS Message is not a string but an object");
    }

    @Test
    void snsMessageThatIsNotJsonIsMalformed() {
        assertThatExceptionOfType(MalformedEventException.class)
                .isThrownBy(() -> parser.parse(snsEnvelope("hello from the console")))
                .withMessageStartingWith("SNS Message is not JSON: ")
                .withMessageContaining("line 1");
    }

    @Test
    void emptySnsMessageIsMalformed() {
        assertThatExceptionOfType(MalformedEventException.class)
                .isThrownBy(() -> parser.parse(snsEnvelope("")))
                .withMessage("SNS Message is empty");
    }

    @Test
    void snsMessageWithUnknownShapeNamesItsFields() {
        assertThatExceptionOfType(MalformedEventException.class)
                .isThrownBy(() -> parser.parse(snsEnvelope("""
                        {"greeting":"hello","to":"world"}""")))
                .withMessage("SNS Message: unrecognised message shape: top-level fields [greeting, to]");
    }

    @Test
    void faultInsideSnsMessageIsReportedWithItsPath() {
        String inner = created("cat.jpg").replace("\"key\": \"cat.jpg\", ", "");

        assertThatExceptionOfType(MalformedEventException.class)
                .isThrownBy(() -> parser.parse(snsEnvelope(inner)))
                .withMessage("SNS Message.Records[0].s3.object.key is missing");
    }

    @Test
    void snsSubscriptionConfirmationIsMalformed() {
        String body = """
                {"Type":"SubscriptionConfirmation","MessageId":"165545c9-2a5c-472c-8df2-7ff2be2b3b1b","Token":"2336412f37",
                 "TopicArn":"arn:aws:sns:eu-west-1:111122223333:t","Message":"You have chosen to subscribe to the topic"}""";

        assertThatExceptionOfType(MalformedEventException.class).isThrownBy(() -> parser.parse(body))
                .withMessage("SNS envelope Type is 'SubscriptionConfirmation', expected 'Notification'");
    }

    @Test
    void snsEnvelopeInsideSnsEnvelopeIsMalformed() {
        assertThatExceptionOfType(MalformedEventException.class)
                .isThrownBy(() -> parser.parse(snsEnvelope(snsEnvelope(created("cat.jpg")))))
                .withMessage("SNS Message is itself an SNS envelope");
    }

    @Test
    void messageIsDecodedAsJsonStringOnlyOnce() throws Exception {
        // Message is a JSON *string*: one level of JSON escaping, then the S3 JSON inside
        String body = """
                {"Type":"Notification","Message":%s}""".formatted(jsonString(created("x.jpg")));

        assertThat(parser.parse(body).events()).hasSize(1);
    }
}

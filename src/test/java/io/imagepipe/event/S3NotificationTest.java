package io.imagepipe.event;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Instant;

import static io.imagepipe.event.Messages.notification;
import static io.imagepipe.event.Messages.record;
import static io.imagepipe.event.Messages.removedRecord;
import static org.assertj.core.api.Assertions.assertThat;

/** Raw S3 event notifications: what S3 sends to SQS directly, and what SNS forwards with raw message delivery. */
class S3NotificationTest {

    private final EventParser parser = new EventParser();

    @Test
    void createdRecordCarriesEveryObjectField() throws Exception {
        // the example from the S3 User Guide, "Event message structure", version 2.1
        String body = """
                {"Records":[{"eventVersion":"2.1","eventSource":"aws:s3","awsRegion":"us-west-2",
                "eventTime":"1970-01-01T00:00:00.000Z","eventName":"ObjectCreated:Put",
                "userIdentity":{"principalId":"AIDAJDPLRKLG7UEXAMPLE"},"requestParameters":{"sourceIPAddress":"127.0.0.1"},
                "responseElements":{"x-amz-request-id":"C3D13FE58DE4C810","x-amz-id-2":"FMyUVURIY8/IgAtTv8xRjskZQpcIZ9KG4V5Wp6S7S/JRWeUWerMUE5JgHvANOjpD"},
                "s3":{"s3SchemaVersion":"1.0","configurationId":"testConfigRule",
                "bucket":{"name":"mybucket","ownerIdentity":{"principalId":"A3NL1KOZZKExample"},"arn":"arn:aws:s3:::mybucket"},
                "object":{"key":"HappyFace.jpg","size":1024,"eTag":"d41d8cd98f00b204e9800998ecf8427e",
                "versionId":"096fKKXTRTtl3on89fVO.nfljtsv6qko","sequencer":"0055AED6DCD90281E5"}}}]}""";

        ParsedMessage parsed = parser.parse(body);

        assertThat(parsed.testEvent()).isFalse();
        assertThat(parsed.events()).containsExactly(new ObjectEvent(ObjectEventKind.CREATED, "mybucket", "HappyFace.jpg",
                "d41d8cd98f00b204e9800998ecf8427e", 1024, "096fKKXTRTtl3on89fVO.nfljtsv6qko", "0055AED6DCD90281E5",
                "ObjectCreated:Put", Instant.parse("1970-01-01T00:00:00Z")));
    }

    @ParameterizedTest
    @ValueSource(strings = {"ObjectCreated:Put", "ObjectCreated:Post", "ObjectCreated:Copy",
            "ObjectCreated:CompleteMultipartUpload"})
    void everyObjectCreatedEventIsCreated(String eventName) throws Exception {
        ParsedMessage parsed = parser.parse(notification(record(eventName, "uploads", "cat.jpg")));

        assertThat(parsed.events()).singleElement().satisfies(e -> {
            assertThat(e.kind()).isEqualTo(ObjectEventKind.CREATED);
            assertThat(e.eventName()).isEqualTo(eventName);
        });
    }

    @ParameterizedTest
    @ValueSource(strings = {"ObjectRemoved:Delete", "ObjectRemoved:DeleteMarkerCreated",
            "LifecycleExpiration:Delete", "LifecycleExpiration:DeleteMarkerCreated"})
    void deletesDeleteMarkersAndLifecycleExpirationsAreRemoved(String eventName) throws Exception {
        ParsedMessage parsed = parser.parse(notification(removedRecord(eventName, "uploads", "cat.jpg")));

        assertThat(parsed.events()).singleElement().satisfies(e -> {
            assertThat(e.kind()).isEqualTo(ObjectEventKind.REMOVED);
            assertThat(e.eventName()).isEqualTo(eventName);
            assertThat(e.key()).isEqualTo("cat.jpg");
        });
    }

    @Test
    void removedRecordWithoutSizeETagOrVersionHasTheAbsentMarkers() throws Exception {
        ParsedMessage parsed = parser.parse(notification(removedRecord("ObjectRemoved:Delete", "uploads", "cat.jpg")));

        assertThat(parsed.events()).containsExactly(new ObjectEvent(ObjectEventKind.REMOVED, "uploads", "cat.jpg",
                null, -1, null, "0055AED6DCD90281F0", "ObjectRemoved:Delete", Instant.parse("2024-05-01T12:35:00Z")));
    }

    @ParameterizedTest
    @ValueSource(strings = {"ObjectRestore:Post", "ObjectRestore:Completed", "ObjectRestore:Delete",
            "ObjectTagging:Put", "ObjectTagging:Delete", "ObjectAcl:Put", "LifecycleTransition",
            "IntelligentTiering", "Replication:OperationFailedReplication", "ReducedRedundancyLostObject"})
    void eventsThatLeaveTheObjectAsItWasAreLeftOut(String eventName) throws Exception {
        ParsedMessage parsed = parser.parse(notification(record(eventName, "uploads", "cat.jpg")));

        assertThat(parsed.events()).isEmpty();
        assertThat(parsed.testEvent()).isFalse();
    }

    @Test
    void ignoredRecordsAreNotCheckedForObjectFields() throws Exception {
        String tagging = """
                {"eventVersion":"2.3","eventSource":"aws:s3","eventName":"ObjectTagging:Put"}""";

        assertThat(parser.parse(notification(tagging)).events()).isEmpty();
    }

    @Test
    void recordsFromAnotherEventSourceAreLeftOut() throws Exception {
        String minio = record("ObjectCreated:Put", "uploads", "cat.jpg").replace("\"aws:s3\"", "\"minio:s3\"");
        String other = """
                {"eventSource":"aws:dynamodb","eventName":"INSERT","dynamodb":{}}""";

        assertThat(parser.parse(notification(minio, other)).events()).isEmpty();
    }

    @Test
    void severalRecordsBecomeSeveralEventsInMessageOrder() throws Exception {
        String body = notification(
                record("ObjectCreated:Put", "uploads", "a.jpg"),
                record("ObjectTagging:Put", "uploads", "b.jpg"),
                removedRecord("ObjectRemoved:Delete", "uploads", "c.jpg"),
                record("ObjectCreated:CompleteMultipartUpload", "other-bucket", "d.png"));

        ParsedMessage parsed = parser.parse(body);

        assertThat(parsed.events())
                .extracting(ObjectEvent::kind, ObjectEvent::bucket, ObjectEvent::key)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple(ObjectEventKind.CREATED, "uploads", "a.jpg"),
                        org.assertj.core.groups.Tuple.tuple(ObjectEventKind.REMOVED, "uploads", "c.jpg"),
                        org.assertj.core.groups.Tuple.tuple(ObjectEventKind.CREATED, "other-bucket", "d.png"));
    }

    @Test
    void emptyRecordsArrayHasNoEvents() throws Exception {
        ParsedMessage parsed = parser.parse("""
                {"Records":[]}""");

        assertThat(parsed.events()).isEmpty();
        assertThat(parsed.testEvent()).isFalse();
    }

    @Test
    void quotedETagLosesItsQuotes() throws Exception {
        String body = notification(record("ObjectCreated:Put", "uploads", "cat.jpg")
                .replace("\"eTag\": \"d41d8cd98f00b204e9800998ecf8427e\"", "\"eTag\": \"\\\"d41d8cd98f00b204e9800998ecf8427e-2\\\"\""));

        assertThat(parser.parse(body).events()).singleElement()
                .extracting(ObjectEvent::eTag).isEqualTo("d41d8cd98f00b204e9800998ecf8427e-2");
    }

    @Test
    void bareETagIsKeptAsItIs() throws Exception {
        assertThat(parser.parse(Messages.created("cat.jpg")).events()).singleElement()
                .extracting(ObjectEvent::eTag).isEqualTo("d41d8cd98f00b204e9800998ecf8427e");
    }

    @Test
    void nullOptionalFieldsCountAsAbsent() throws Exception {
        String body = notification("""
                {"eventSource":"aws:s3","eventName":"ObjectCreated:Put","eventTime":null,
                 "s3":{"bucket":{"name":"uploads"},"object":{"key":"cat.jpg","size":null,"eTag":null,"versionId":null,"sequencer":null}}}""");

        assertThat(parser.parse(body).events()).containsExactly(new ObjectEvent(ObjectEventKind.CREATED, "uploads",
                "cat.jpg", null, -1, null, null, "ObjectCreated:Put", null));
    }

    @Test
    void sizeBeyondTwoGibibytesIsKept() throws Exception {
        String body = notification(record("ObjectCreated:CompleteMultipartUpload", "uploads", "huge.tif")
                .replace("\"size\": 1024", "\"size\": 5368709120"));

        assertThat(parser.parse(body).events()).singleElement().extracting(ObjectEvent::size).isEqualTo(5_368_709_120L);
    }
}

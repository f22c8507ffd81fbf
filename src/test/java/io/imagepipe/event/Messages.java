package io.imagepipe.event;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.util.Arrays;
import java.util.stream.Collectors;

/** Message bodies as AWS sends them, built as text so the tests show the JSON they feed in. */
final class Messages {

    private Messages() {
    }

    /** An S3 event notification holding the given records. */
    static String notification(String... records) {
        return """
                {"Records":[%s]}""".formatted(Arrays.stream(records).collect(Collectors.joining(",")));
    }

    /** One S3 notification record with every field a created object has; {@code key} goes in as given (already encoded). */
    static String record(String eventName, String bucket, String key) {
        return """
                {
                  "eventVersion": "2.1",
                  "eventSource": "aws:s3",
                  "awsRegion": "eu-west-1",
                  "eventTime": "2024-05-01T12:34:56.789Z",
                  "eventName": "%s",
                  "userIdentity": {"principalId": "AWS:AIDAEXAMPLE"},
                  "requestParameters": {"sourceIPAddress": "203.0.113.7"},
                  "responseElements": {"x-amz-request-id": "C3D13FE58DE4C810", "x-amz-id-2": "FMyUVURIY8/IgAtTv8xRjskZQpcIZ9KG4V5Wp6S7S/JRWeUWerMUE5JgHvANOjpD"},
                  "s3": {
                    "s3SchemaVersion": "1.0",
                    "configurationId": "imagepipe",
                    "bucket": {"name": "%s", "ownerIdentity": {"principalId": "A3NL1KOZZKEXAMPLE"}, "arn": "arn:aws:s3:::%s"},
                    "object": {"key": "%s", "size": 1024, "eTag": "d41d8cd98f00b204e9800998ecf8427e", "sequencer": "0055AED6DCD90281E5"}
                  }
                }""".formatted(eventName, bucket, bucket, key);
    }

    /** A record as S3 sends it for a delete: no size, no eTag. */
    static String removedRecord(String eventName, String bucket, String key) {
        return """
                {
                  "eventVersion": "2.1",
                  "eventSource": "aws:s3",
                  "awsRegion": "eu-west-1",
                  "eventTime": "2024-05-01T12:35:00.000Z",
                  "eventName": "%s",
                  "userIdentity": {"principalId": "AWS:AIDAEXAMPLE"},
                  "requestParameters": {"sourceIPAddress": "203.0.113.7"},
                  "responseElements": {"x-amz-request-id": "D4E24FE69EF5D921", "x-amz-id-2": "example"},
                  "s3": {
                    "s3SchemaVersion": "1.0",
                    "configurationId": "imagepipe",
                    "bucket": {"name": "%s", "ownerIdentity": {"principalId": "A3NL1KOZZKEXAMPLE"}, "arn": "arn:aws:s3:::%s"},
                    "object": {"key": "%s", "sequencer": "0055AED6DCD90281F0"}
                  }
                }""".formatted(eventName, bucket, bucket, key);
    }

    /** A notification with one {@code ObjectCreated:Put} record for {@code key} (already encoded). */
    static String created(String key) {
        return notification(record("ObjectCreated:Put", "uploads", key));
    }

    /** S3's test event, sent when a notification configuration is saved. */
    static final String TEST_EVENT = """
            {"Service":"Amazon S3","Event":"s3:TestEvent","Time":"2024-05-01T12:00:00.000Z","Bucket":"uploads","RequestId":"5582815E1AEA5ADF","HostId":"8cLeGAmw098X5cv4Zkwcmo8vvZa3eH3eKxsPzbB9wrR+YstdA6Knx4Ip8EXAMPLE"}""";

    /** An SNS notification envelope (as SNS delivers to SQS without raw message delivery) around {@code message}. */
    static String snsEnvelope(String message) {
        return """
                {
                  "Type" : "Notification",
                  "MessageId" : "2b4e5a7c-91d0-5b43-a1e2-2f8f1c0e9d11",
                  "TopicArn" : "arn:aws:sns:eu-west-1:111122223333:uploads-events",
                  "Subject" : "Amazon S3 Notification",
                  "Message" : %s,
                  "Timestamp" : "2024-05-01T12:34:57.123Z",
                  "SignatureVersion" : "1",
                  "Signature" : "EXAMPLEpH+DcEwjAPg8O9mY8dReBSwksfg2S7WKQcikcNKWLQjwu6A4VbeS0QHVCkhRS7fUQvi2egU3N858fiTDN6bkkOxYDVrY0Ad8L10Hs3zH81mtnPk5uvvolIC1CXGu43obcgFxeL3khZl8IKvO61GWB6jI9b5+gLPoBc1Q=",
                  "SigningCertURL" : "https://sns.eu-west-1.amazonaws.com/SimpleNotificationService-0000000000000000000000.pem",
                  "UnsubscribeURL" : "https://sns.eu-west-1.amazonaws.com/?Action=Unsubscribe&SubscriptionArn=arn:aws:sns:eu-west-1:111122223333:uploads-events:7e7f4e0b"
                }""".formatted(jsonString(message));
    }

    /** {@code text} as a JSON string literal, quotes and escapes included. */
    static String jsonString(String text) {
        try {
            return new ObjectMapper().writeValueAsString(text);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** An EventBridge event from S3; {@code object} is the JSON of detail.object. */
    static String eventBridge(String detailType, String object, String extraDetail) {
        return """
                {
                  "version": "0",
                  "id": "17793124-05d4-b198-2fde-7ededc63b103",
                  "detail-type": "%s",
                  "source": "aws.s3",
                  "account": "111122223333",
                  "time": "2021-11-12T00:00:00Z",
                  "region": "ca-central-1",
                  "resources": ["arn:aws:s3:::uploads"],
                  "detail": {
                    "version": "0",
                    "bucket": {"name": "uploads"},
                    "object": %s,
                    "request-id": "N4N7GDK58NMKJ12R",
                    "requester": "123456789012",
                    "source-ip-address": "1.2.3.4"%s
                  }
                }""".formatted(detailType, object, extraDetail.isEmpty() ? "" : ",\n    " + extraDetail);
    }
}

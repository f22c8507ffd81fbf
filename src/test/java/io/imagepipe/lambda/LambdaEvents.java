package io.imagepipe.lambda;

import com.amazonaws.services.lambda.runtime.events.S3Event;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import com.amazonaws.services.lambda.runtime.serialization.events.LambdaEventSerializers;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;

/** Event JSON as Lambda sends it, read into the event classes by the runtime's own serializer. */
final class LambdaEvents {
    static final ObjectMapper JSON = new ObjectMapper();

    private LambdaEvents() {
    }

    static SQSEvent sqs(String json) {
        return LambdaEventSerializers.serializerFor(SQSEvent.class, LambdaEvents.class.getClassLoader()).fromJson(json);
    }

    static S3Event s3(String json) {
        return LambdaEventSerializers.serializerFor(S3Event.class, LambdaEvents.class.getClassLoader()).fromJson(json);
    }

    /** The SQS event Lambda's poller would hand over for these received messages (field names as in the Lambda docs). */
    static String sqsEventJson(List<Message> messages, String queueArn, int receiveCountOverride) {
        ObjectNode root = JSON.createObjectNode();
        ArrayNode records = root.putArray("Records");
        for (Message m : messages) {
            ObjectNode r = records.addObject();
            r.put("messageId", m.messageId());
            r.put("receiptHandle", m.receiptHandle());
            r.put("body", m.body());
            ObjectNode attributes = r.putObject("attributes");
            attributes.put("ApproximateReceiveCount", receiveCountOverride > 0 ? Integer.toString(receiveCountOverride)
                    : m.attributes().getOrDefault(MessageSystemAttributeName.APPROXIMATE_RECEIVE_COUNT, "1"));
            attributes.put("SentTimestamp", m.attributes().getOrDefault(MessageSystemAttributeName.SENT_TIMESTAMP, "0"));
            attributes.put("SenderId", "AIDAIENQZJOLO23YVJ4VO");
            attributes.put("ApproximateFirstReceiveTimestamp", "1545082649185");
            r.putObject("messageAttributes");
            r.put("md5OfBody", m.md5OfBody());
            r.put("eventSource", "aws:sqs");
            r.put("eventSourceARN", queueArn);
            r.put("awsRegion", "us-east-1");
        }
        return root.toString();
    }

    /** A raw S3 notification body for one key, the key form-encoded as S3 writes it. */
    static String s3Notification(String bucket, String encodedKey, String eventName, String eTag) {
        return "{\"Records\":[" + s3Record(bucket, encodedKey, eventName, eTag) + "]}";
    }

    /** Form encoding as S3 applies it to keys in notifications: spaces as '+', '/' kept. */
    static String encodeKey(String key) {
        return java.net.URLEncoder.encode(key, java.nio.charset.StandardCharsets.UTF_8).replace("%2F", "/");
    }

    static String s3Record(String bucket, String encodedKey, String eventName, String eTag) {
        return "{\"eventVersion\":\"2.1\",\"eventSource\":\"aws:s3\",\"awsRegion\":\"us-east-1\","
                + "\"eventTime\":\"2026-12-01T04:00:00.000Z\",\"eventName\":\"" + eventName + "\","
                + "\"userIdentity\":{\"principalId\":\"AWS:AIDAEXAMPLE\"},\"requestParameters\":{\"sourceIPAddress\":\"127.0.0.1\"},"
                + "\"responseElements\":{\"x-amz-request-id\":\"C3D13FE58DE4C810\",\"x-amz-id-2\":\"FMyUVURIY8/IgAtTv8xRjskZQpcIZ9KG4V5Wp6S7S/JRWeUWerMUE5JgHvANOjpD\"},"
                + "\"s3\":{\"s3SchemaVersion\":\"1.0\",\"configurationId\":\"imagepipe\","
                + "\"bucket\":{\"name\":\"" + bucket + "\",\"ownerIdentity\":{\"principalId\":\"A3NL1KOZZKExample\"},"
                + "\"arn\":\"arn:aws:s3:::" + bucket + "\"},"
                + "\"object\":{\"key\":\"" + encodedKey + "\",\"size\":1024," + (eTag == null ? "" : "\"eTag\":\"" + eTag + "\",") + ""
                + "\"sequencer\":\"0055AED6DCD90281E5\"}}}";
    }

    /** The body SNS delivers to a subscribed queue (raw message delivery off). */
    static String snsWrapped(String s3Notification) {
        ObjectNode n = JSON.createObjectNode();
        n.put("Type", "Notification");
        n.put("MessageId", "22b80b92-fdea-4c2c-8f9d-bdfb0c7bf324");
        n.put("TopicArn", "arn:aws:sns:us-east-1:123456789012:imagepipe-uploads");
        n.put("Subject", "Amazon S3 Notification");
        n.put("Message", s3Notification);
        n.put("Timestamp", "2026-12-01T04:00:00.000Z");
        n.put("SignatureVersion", "1");
        n.put("Signature", "EXAMPLE");
        n.put("SigningCertURL", "https://sns.us-east-1.amazonaws.com/SimpleNotificationService-EXAMPLE.pem");
        n.put("UnsubscribeURL", "https://sns.us-east-1.amazonaws.com/?Action=Unsubscribe");
        return n.toString();
    }

    /** An EventBridge "Object Created" event as an SQS target receives it (the key is not encoded there). */
    static String eventBridge(String bucket, String key, long size, String etag) {
        ObjectNode n = JSON.createObjectNode();
        n.put("version", "0");
        n.put("id", "17793124-05d4-b198-2fde-7ededc63b103");
        n.put("detail-type", "Object Created");
        n.put("source", "aws.s3");
        n.put("account", "123456789012");
        n.put("time", "2026-12-01T04:00:00Z");
        n.put("region", "us-east-1");
        n.putArray("resources").add("arn:aws:s3:::" + bucket);
        ObjectNode detail = n.putObject("detail");
        detail.put("version", "0");
        detail.putObject("bucket").put("name", bucket);
        detail.putObject("object").put("key", key).put("size", size).put("etag", etag).put("sequencer", "00617F08299329D189");
        detail.put("request-id", "N4N7GDK58NMKJ12R");
        detail.put("requester", "123456789012");
        detail.put("reason", "PutObject");
        return n.toString();
    }

    static final String S3_TEST_EVENT = "{\"Service\":\"Amazon S3\",\"Event\":\"s3:TestEvent\",\"Time\":\"2026-12-01T04:00:00.000Z\","
            + "\"Bucket\":\"uploads\",\"RequestId\":\"5582815E1AEA5ADF\",\"HostId\":\"8cLeGAmw098X5cv4Zkwcmo8vvZa3eH3eKxsPzbB9wrR+YstdA6Knx4Ip8EXAMPLE\"}";
}

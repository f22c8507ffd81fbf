package io.imagepipe.lambda;

import com.amazonaws.services.lambda.runtime.events.models.s3.S3EventNotification.S3EventNotificationRecord;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;

/**
 * One record of a direct S3 trigger, written back as the S3 notification JSON it arrived as, so the
 * pipeline parses it like any queue message. The key stays URL-encoded as S3 sent it: the event
 * parser decodes it, exactly once, as it does for the service.
 */
final class S3EventBodies {
    private static final ObjectMapper JSON = new ObjectMapper();

    private S3EventBodies() {
    }

    static String notification(S3EventNotificationRecord record) {
        ObjectNode root = JSON.createObjectNode();
        ObjectNode r = root.putArray("Records").addObject();
        r.put("eventVersion", record.getEventVersion());
        r.put("eventSource", record.getEventSource());
        r.put("awsRegion", record.getAwsRegion());
        if (record.getEventTime() != null) {
            r.put("eventTime", Instant.ofEpochMilli(record.getEventTime().getMillis()).toString());
        }
        r.put("eventName", record.getEventName());
        ObjectNode s3 = r.putObject("s3");
        if (record.getS3() != null) {
            if (record.getS3().getBucket() != null) {
                s3.putObject("bucket").put("name", record.getS3().getBucket().getName());
            }
            var object = record.getS3().getObject();
            if (object != null) {
                ObjectNode o = s3.putObject("object");
                o.put("key", object.getKey());
                if (object.getSizeAsLong() != null) {
                    o.put("size", object.getSizeAsLong());
                }
                putIfPresent(o, "eTag", object.geteTag());
                putIfPresent(o, "versionId", object.getVersionId());
                putIfPresent(o, "sequencer", object.getSequencer());
            }
        }
        return root.toString();
    }

    private static void putIfPresent(ObjectNode node, String field, String value) {
        if (value != null) {
            node.put(field, value);
        }
    }
}

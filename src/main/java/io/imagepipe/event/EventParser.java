package io.imagepipe.event;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;

/**
 * Turns the body of an SQS message into the object events it carries. Accepted shapes:
 *
 * <ol>
 *   <li>an S3 event notification, {@code {"Records":[...]}} (also what SNS sends with raw message
 *       delivery);</li>
 *   <li>S3's {@code s3:TestEvent}, sent once when a notification configuration is saved;</li>
 *   <li>an SNS envelope, {@code {"Type":"Notification","Message":"<JSON as a string>",...}}, around
 *       either of the above or an EventBridge event;</li>
 *   <li>an EventBridge event from S3, {@code {"source":"aws.s3","detail-type":"Object Created",...}}.</li>
 * </ol>
 *
 * <p>Events of no interest here (tagging, ACL, restore, replication, lifecycle transitions, records
 * from another event source) are left out, so a message may parse to no events at all; that is not
 * an error. Anything else that does not fit is a {@link MalformedEventException} whose message names
 * the offending field by its path.
 *
 * <p>Thread-safe and stateless between calls; one instance can serve the whole process.
 */
public final class EventParser {

    private static final String S3_EVENT_SOURCE = "aws:s3";
    private static final String EVENTBRIDGE_S3_SOURCE = "aws.s3";
    private static final String TEST_EVENT = "s3:TestEvent";
    private static final int MAX_FIELDS_LISTED = 20;

    private final ObjectMapper json = JsonMapper.builder()
            // "{...} trailing garbage" is not a JSON document; the default would ignore the tail
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    /**
     * @param sqsBody the message body exactly as SQS delivered it
     * @return the created/removed events in message order, or the test-event marker
     * @throws MalformedEventException if the body is not one of the accepted shapes, saying precisely why
     */
    public ParsedMessage parse(String sqsBody) throws MalformedEventException {
        return parseDocument(sqsBody, Where.BODY);
    }

    /** Where the JSON being read came from: the message body itself, or the Message inside an SNS envelope. */
    private enum Where {
        BODY("body", ""),
        SNS_MESSAGE("SNS Message", "SNS Message.");

        final String label;
        final String pathPrefix;

        Where(String label, String pathPrefix) {
            this.label = label;
            this.pathPrefix = pathPrefix;
        }
    }

    private ParsedMessage parseDocument(String text, Where where) throws MalformedEventException {
        if (text == null || text.isBlank()) {
            throw new MalformedEventException(where.label + " is empty");
        }
        JsonNode root;
        try {
            root = json.readTree(text);
        } catch (JsonProcessingException e) {
            throw new MalformedEventException(where.label + " is not JSON: " + describe(e), e);
        }
        if (root == null || root.isMissingNode()) {
            throw new MalformedEventException(where.label + " is empty");
        }
        if (!root.isObject()) {
            throw new MalformedEventException(where.label + " is not a JSON object but " + describe(root));
        }

        if (root.has("Records")) {
            return new ParsedMessage(s3Notification(root, where), false);
        }
        if (root.has("Event") && root.has("Service")) {
            return s3ServiceEvent(root, where);
        }
        if (root.has("Type") && root.has("Message")) {
            if (where == Where.SNS_MESSAGE) {
                throw new MalformedEventException("SNS Message is itself an SNS envelope");
            }
            return snsEnvelope(root);
        }
        if (root.has("detail-type") && root.has("detail")) {
            return new ParsedMessage(eventBridge(root, where), false);
        }
        throw new MalformedEventException((where == Where.BODY ? "" : where.label + ": ")
                + "unrecognised message shape: top-level fields " + fieldNames(root));
    }

    // ---- S3 event notification -------------------------------------------------------------

    private List<ObjectEvent> s3Notification(JsonNode root, Where where) throws MalformedEventException {
        JsonNode records = root.get("Records");
        String recordsPath = where.pathPrefix + "Records";
        if (!records.isArray()) {
            throw new MalformedEventException(recordsPath + " is not an array but " + describe(records));
        }
        List<ObjectEvent> events = new ArrayList<>(records.size());
        for (int i = 0; i < records.size(); i++) {
            ObjectEvent event = s3Record(records.get(i), recordsPath + "[" + i + "]");
            if (event != null) {
                events.add(event);
            }
        }
        return events;
    }

    /** @return the event, or {@code null} for a record of no interest */
    private ObjectEvent s3Record(JsonNode record, String path) throws MalformedEventException {
        if (!record.isObject()) {
            throw new MalformedEventException(path + " is not an object but " + describe(record));
        }
        String source = requiredText(record, "eventSource", path);
        if (!S3_EVENT_SOURCE.equals(source)) {
            return null;
        }
        String eventName = requiredText(record, "eventName", path);
        ObjectEventKind kind = kindOfS3EventName(eventName);
        if (kind == null) {
            return null;
        }
        Instant eventTime = optionalInstant(record, "eventTime", path);
        JsonNode s3 = requiredObject(record, "s3", path);
        String s3Path = path + ".s3";
        String bucket = requiredText(requiredObject(s3, "bucket", s3Path), "name", s3Path + ".bucket");
        JsonNode object = requiredObject(s3, "object", s3Path);
        String objectPath = s3Path + ".object";
        String encodedKey = requiredText(object, "key", objectPath);
        String key;
        try {
            // S3 notifications carry the key form-encoded ("red flower.jpg" arrives as
            // "red+flower.jpg"; a literal '+' as "%2B"), as the S3 User Guide's "Event message
            // structure" page states.
            key = FormDecoding.decode(encodedKey);
        } catch (IllegalArgumentException e) {
            throw new MalformedEventException(objectPath + ".key is not valid URL form encoding: "
                    + e.getMessage(), e);
        }
        return new ObjectEvent(kind, bucket, key,
                eTag(optionalText(object, "eTag", objectPath)),
                optionalSize(object, "size", objectPath),
                optionalText(object, "versionId", objectPath),
                optionalText(object, "sequencer", objectPath),
                eventName, eventTime);
    }

    /**
     * {@code ObjectCreated:*} (Put, Post, Copy, CompleteMultipartUpload) is a new object;
     * {@code ObjectRemoved:*} (Delete, DeleteMarkerCreated) and the lifecycle expirations that delete
     * ({@code LifecycleExpiration:Delete}, {@code LifecycleExpiration:DeleteMarkerCreated}) make the
     * current object go away. Everything else (ObjectRestore, ObjectTagging, ObjectAcl, Replication,
     * LifecycleTransition, IntelligentTiering, ...) leaves the object's bytes as they were.
     */
    private static ObjectEventKind kindOfS3EventName(String eventName) {
        if (eventName.startsWith("ObjectCreated:")) {
            return ObjectEventKind.CREATED;
        }
        if (eventName.startsWith("ObjectRemoved:")
                || eventName.equals("LifecycleExpiration:Delete")
                || eventName.equals("LifecycleExpiration:DeleteMarkerCreated")) {
            return ObjectEventKind.REMOVED;
        }
        return null;
    }

    // ---- s3:TestEvent ----------------------------------------------------------------------

    private static ParsedMessage s3ServiceEvent(JsonNode root, Where where) throws MalformedEventException {
        String event = requiredText(root, "Event", where.pathPrefix);
        if (!TEST_EVENT.equals(event)) {
            throw new MalformedEventException(where.pathPrefix + "Event is '" + event
                    + "', the only S3 service event known is '" + TEST_EVENT + "'");
        }
        return new ParsedMessage(List.of(), true);
    }

    // ---- SNS envelope ----------------------------------------------------------------------

    private ParsedMessage snsEnvelope(JsonNode root) throws MalformedEventException {
        String type = requiredText(root, "Type", "");
        if (!"Notification".equals(type)) {
            throw new MalformedEventException("SNS envelope Type is '" + type + "', expected 'Notification'");
        }
        JsonNode message = root.get("Message");
        if (!message.isTextual()) {
            throw new MalformedEventException("SNS Message is not a string but " + describe(message));
        }
        return parseDocument(message.textValue(), Where.SNS_MESSAGE);
    }

    // ---- EventBridge -----------------------------------------------------------------------

    private static List<ObjectEvent> eventBridge(JsonNode root, Where where) throws MalformedEventException {
        String p = where.pathPrefix;
        String source = requiredText(root, "source", p);
        if (!EVENTBRIDGE_S3_SOURCE.equals(source)) {
            return List.of();
        }
        String detailType = requiredText(root, "detail-type", p);
        ObjectEventKind kind = switch (detailType) {
            case "Object Created" -> ObjectEventKind.CREATED;
            // both reasons ("DeleteObject", "Lifecycle Expiration") and both deletion-types
            // ("Permanently Deleted", "Delete Marker Created") mean the current object is gone
            case "Object Deleted" -> ObjectEventKind.REMOVED;
            default -> null; // Object Restore *, Object Tags *, Object ACL Updated, Object Storage Class Changed ...
        };
        if (kind == null) {
            return List.of();
        }
        Instant time = optionalInstant(root, "time", p);
        JsonNode detail = requiredObject(root, "detail", p);
        String detailPath = p + "detail";
        String bucket = requiredText(requiredObject(detail, "bucket", detailPath), "name", detailPath + ".bucket");
        JsonNode object = requiredObject(detail, "object", detailPath);
        String objectPath = detailPath + ".object";
        // Taken verbatim, NOT form-decoded. The S3 User Guide documents URL encoding of the key only
        // for S3 event notifications ("Event message structure": "The object key name value is URL
        // encoded"); its "EventBridge event message structure" page (ev-events) describes
        // detail.object.key with no encoding at all. Decoding here would corrupt every key that
        // contains a literal '+' or '%'. (Note: AWS Lambda Powertools for Python does apply
        // unquote_plus to this field; AWS's own S3 documentation does not say to.)
        String key = requiredText(object, "key", objectPath);
        return List.of(new ObjectEvent(kind, bucket, key,
                eTag(optionalText(object, "etag", objectPath)),
                optionalSize(object, "size", objectPath),
                optionalText(object, "version-id", objectPath),
                optionalText(object, "sequencer", objectPath),
                detailType, time));
    }

    // ---- field access ----------------------------------------------------------------------

    private static String child(String path, String field) {
        return path.isEmpty() || path.endsWith(".") ? path + field : path + "." + field;
    }

    private static JsonNode requiredObject(JsonNode parent, String field, String path) throws MalformedEventException {
        JsonNode node = parent.get(field);
        String p = child(path, field);
        if (node == null || node.isNull()) {
            throw new MalformedEventException(p + " is missing");
        }
        if (!node.isObject()) {
            throw new MalformedEventException(p + " is not an object but " + describe(node));
        }
        return node;
    }

    private static String requiredText(JsonNode parent, String field, String path) throws MalformedEventException {
        String value = optionalText(parent, field, path);
        String p = child(path, field);
        if (value == null) {
            throw new MalformedEventException(p + " is missing");
        }
        if (value.isEmpty()) {
            throw new MalformedEventException(p + " is empty");
        }
        return value;
    }

    private static String optionalText(JsonNode parent, String field, String path) throws MalformedEventException {
        JsonNode node = parent.get(field);
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isTextual()) {
            throw new MalformedEventException(child(path, field) + " is not a string but " + describe(node));
        }
        return node.textValue();
    }

    private static long optionalSize(JsonNode parent, String field, String path) throws MalformedEventException {
        JsonNode node = parent.get(field);
        if (node == null || node.isNull()) {
            return -1;
        }
        if (!node.isIntegralNumber() || !node.canConvertToLong() || node.longValue() < 0) {
            throw new MalformedEventException(child(path, field) + " is not a byte count: " + node);
        }
        return node.longValue();
    }

    private static Instant optionalInstant(JsonNode parent, String field, String path) throws MalformedEventException {
        String text = optionalText(parent, field, path);
        if (text == null) {
            return null;
        }
        try {
            return Instant.parse(text);
        } catch (DateTimeParseException e) {
            throw new MalformedEventException(child(path, field) + " is not an ISO-8601 instant: '" + text + "'", e);
        }
    }

    /** S3 sends the ETag bare, but HTTP and some S3-compatible stores quote it; normalise to bare. */
    private static String eTag(String raw) {
        if (raw == null || raw.isEmpty()) {
            return null;
        }
        if (raw.length() >= 2 && raw.startsWith("\"") && raw.endsWith("\"")) {
            return raw.substring(1, raw.length() - 1);
        }
        return raw;
    }

    // ---- messages --------------------------------------------------------------------------

    private static String describe(JsonNode node) {
        if (node.isObject()) {
            return "an object";
        }
        if (node.isArray()) {
            return "an array";
        }
        if (node.isTextual()) {
            return "a string";
        }
        if (node.isNumber()) {
            return "a number";
        }
        if (node.isBoolean()) {
            return "a boolean";
        }
        if (node.isNull()) {
            return "null";
        }
        return node.getNodeType().toString().toLowerCase(Locale.ROOT);
    }

    private static String describe(JsonProcessingException e) {
        JsonLocation at = e.getLocation();
        String message = e.getOriginalMessage();
        if (at == null || at.getLineNr() < 0) {
            return message;
        }
        return message + " (line " + at.getLineNr() + ", column " + at.getColumnNr() + ")";
    }

    private static String fieldNames(JsonNode object) {
        List<String> names = new ArrayList<>();
        Iterator<String> it = object.fieldNames();
        while (it.hasNext() && names.size() < MAX_FIELDS_LISTED) {
            names.add(it.next());
        }
        String listed = String.join(", ", names);
        return "[" + listed + (it.hasNext() ? ", ..." : "") + "]";
    }
}

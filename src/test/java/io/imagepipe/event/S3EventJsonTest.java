package io.imagepipe.event;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

class S3EventJsonTest {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private final S3EventJson json = new S3EventJson("eu-west-1", "cfg", "AWS:me", "10.0.0.1");

    @Test
    void keysAreFormEncodedWithSlashesKept() {
        assertThat(S3EventJson.encodeKey("red flower.jpg")).isEqualTo("red+flower.jpg");
        assertThat(S3EventJson.encodeKey("photos/2024/cat.jpeg")).isEqualTo("photos/2024/cat.jpeg");
        assertThat(S3EventJson.encodeKey("a b+c%d/é.png")).isEqualTo("a+b%2Bc%25d/%C3%A9.png");
        assertThat(S3EventJson.encodeKey("dt=2018-05-04/10:47 (1).log")).isEqualTo("dt%3D2018-05-04/10%3A47+%281%29.log");
    }

    @Test
    void createdEventHasTheAwsShape() throws Exception {
        Instant time = Instant.parse("2024-05-06T07:08:09.120Z");
        JsonNode root = MAPPER.readTree(json.toJson(new S3Event("ObjectCreated:Put", "uploads", "a b.jpg", 42L,
                "abc", null, "00000000000000002A", time)));

        assertThat(root.fieldNames()).toIterable().containsExactly("Records");
        JsonNode r = root.get("Records").get(0);
        assertThat(root.get("Records")).hasSize(1);
        assertThat(r.fieldNames()).toIterable().containsExactly("eventVersion", "eventSource", "awsRegion",
                "eventTime", "eventName", "userIdentity", "requestParameters", "responseElements", "s3");
        assertThat(r.get("eventVersion").asText()).isEqualTo("2.1");
        assertThat(r.get("eventSource").asText()).isEqualTo("aws:s3");
        assertThat(r.get("awsRegion").asText()).isEqualTo("eu-west-1");
        assertThat(r.get("eventTime").asText()).isEqualTo("2024-05-06T07:08:09.120Z");
        assertThat(r.get("eventName").asText()).isEqualTo("ObjectCreated:Put");
        assertThat(r.at("/userIdentity/principalId").asText()).isEqualTo("AWS:me");
        assertThat(r.at("/requestParameters/sourceIPAddress").asText()).isEqualTo("10.0.0.1");
        assertThat(r.at("/responseElements/x-amz-request-id").asText()).matches("[0-9A-F]{16}");
        assertThat(r.at("/responseElements/x-amz-id-2").asText()).isNotEmpty();
        JsonNode s3 = r.get("s3");
        assertThat(s3.get("s3SchemaVersion").asText()).isEqualTo("1.0");
        assertThat(s3.get("configurationId").asText()).isEqualTo("cfg");
        assertThat(s3.at("/bucket/name").asText()).isEqualTo("uploads");
        assertThat(s3.at("/bucket/ownerIdentity/principalId").asText()).isEqualTo("AWS:me");
        assertThat(s3.at("/bucket/arn").asText()).isEqualTo("arn:aws:s3:::uploads");
        JsonNode object = s3.get("object");
        assertThat(object.fieldNames()).toIterable().containsExactly("key", "size", "eTag", "sequencer");
        assertThat(object.get("key").asText()).isEqualTo("a+b.jpg");
        assertThat(object.get("size").isIntegralNumber()).isTrue();
        assertThat(object.get("size").asLong()).isEqualTo(42);
        assertThat(object.get("eTag").asText()).isEqualTo("abc");
        assertThat(object.get("sequencer").asText()).isEqualTo("00000000000000002A");
    }

    @Test
    void removedEventHasNoSizeNorETag() throws Exception {
        JsonNode object = MAPPER.readTree(json.toJson(new S3Event("ObjectRemoved:Delete", "uploads", "k", null,
                null, null, "01", Instant.EPOCH))).at("/Records/0/s3/object");

        assertThat(object.fieldNames()).toIterable().containsExactly("key", "sequencer");
    }

    @Test
    void theEventParserReadsWhatTheWriterWrites() throws Exception {
        String key = "photos/red flower+1 é%.jpg";
        ParsedMessage parsed = new EventParser().parse(json.toJson(new S3Event("ObjectCreated:Put", "uploads", key,
                1234L, "abc", null, "00000000000000002A", Instant.EPOCH)));

        assertThat(parsed.events()).singleElement().satisfies(e -> {
            assertThat(e.kind()).isEqualTo(ObjectEventKind.CREATED);
            assertThat(e.bucket()).isEqualTo("uploads");
            assertThat(e.key()).isEqualTo(key);
            assertThat(e.eTag()).isEqualTo("abc");
            assertThat(e.size()).isEqualTo(1234L);
        });
    }
}

package io.imagepipe.event;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Writes an {@link S3Event} as the JSON body S3 sends to SQS (event message structure version 2.1,
 * https://docs.aws.amazon.com/AmazonS3/latest/userguide/notification-content-structure.html).
 */
public final class S3EventJson {
    private static final DateTimeFormatter EVENT_TIME =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

    private final ObjectMapper mapper = new ObjectMapper();
    private final String region;
    private final String configurationId;
    private final String principalId;
    private final String sourceIp;

    /**
     * @param region          the {@code awsRegion} of every record
     * @param configurationId the notification configuration's id, as S3 echoes it
     * @param principalId     used for {@code userIdentity} and the bucket's {@code ownerIdentity}
     * @param sourceIp        {@code requestParameters.sourceIPAddress} (the blob store does not see the client)
     */
    public S3EventJson(String region, String configurationId, String principalId, String sourceIp) {
        this.region = Objects.requireNonNull(region, "region");
        this.configurationId = Objects.requireNonNull(configurationId, "configurationId");
        this.principalId = Objects.requireNonNull(principalId, "principalId");
        this.sourceIp = Objects.requireNonNull(sourceIp, "sourceIp");
    }

    public String toJson(S3Event event) {
        ObjectNode root = mapper.createObjectNode();
        ObjectNode record = root.putArray("Records").addObject();
        record.put("eventVersion", "2.1");
        record.put("eventSource", "aws:s3");
        record.put("awsRegion", region);
        record.put("eventTime", EVENT_TIME.format(event.time()));
        record.put("eventName", event.eventName());
        record.putObject("userIdentity").put("principalId", principalId);
        record.putObject("requestParameters").put("sourceIPAddress", sourceIp);
        ObjectNode response = record.putObject("responseElements");
        response.put("x-amz-request-id", randomRequestId());
        response.put("x-amz-id-2", randomHostId());
        ObjectNode s3 = record.putObject("s3");
        s3.put("s3SchemaVersion", "1.0");
        s3.put("configurationId", configurationId);
        ObjectNode bucket = s3.putObject("bucket");
        bucket.put("name", event.bucket());
        bucket.putObject("ownerIdentity").put("principalId", principalId);
        bucket.put("arn", "arn:aws:s3:::" + event.bucket());
        ObjectNode object = s3.putObject("object");
        object.put("key", encodeKey(event.key()));
        if (event.size() != null) {
            object.put("size", event.size());
        }
        if (event.eTag() != null) {
            object.put("eTag", event.eTag());
        }
        if (event.versionId() != null) {
            object.put("versionId", event.versionId());
        }
        object.put("sequencer", event.sequencer());
        return root.toString();
    }

    /**
     * The key as S3 puts it in notifications: form-URL-encoded (UTF-8, space as {@code +}), except that
     * {@code /} stays as it is. {@code "photos/red flower+1.jpg"} becomes {@code "photos/red+flower%2B1.jpg"}.
     */
    public static String encodeKey(String key) {
        return URLEncoder.encode(key, StandardCharsets.UTF_8).replace("%2F", "/");
    }

    private static String randomRequestId() {
        return HexFormat.of().withUpperCase().toHexDigits(ThreadLocalRandom.current().nextLong());
    }

    private static String randomHostId() {
        byte[] bytes = new byte[48];
        ThreadLocalRandom.current().nextBytes(bytes);
        return Base64.getEncoder().encodeToString(bytes);
    }
}

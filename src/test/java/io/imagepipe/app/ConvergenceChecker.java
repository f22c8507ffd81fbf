package io.imagepipe.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import software.amazon.awssdk.core.ResponseBytes;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Object;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * The fault-injection suites' verdict: once the queue is drained, every source key has exactly its
 * current object's outputs (a manifest of its ETag, every listed rendition present and made from
 * it, no other output for the key), a deleted one has none, and the DLQ holds exactly the current
 * objects that are bad, each with its reason.
 */
final class ConvergenceChecker {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final S3Client s3;
    private final SqsClient sqs;
    private final String sourceBucket;
    private final String outputBucket;

    ConvergenceChecker(S3Client s3, SqsClient sqs, String sourceBucket, String outputBucket) {
        this.s3 = s3;
        this.sqs = sqs;
        this.sourceBucket = sourceBucket;
        this.outputBucket = outputBucket;
    }

    /** Waits until the queue has nothing visible or in flight for a few consecutive looks. */
    void awaitDrained(String queueUrl, java.util.function.IntSupplier inFlight) {
        int[] quiet = {0};
        LocalService.eventually("the queue is drained", () -> {
            Map<QueueAttributeName, String> a = sqs.getQueueAttributes(b -> b.queueUrl(queueUrl).attributeNames(
                    QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES,
                    QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE,
                    QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_DELAYED)).attributes();
            boolean empty = a.values().stream().allMatch("0"::equals) && inFlight.getAsInt() == 0;
            quiet[0] = empty ? quiet[0] + 1 : 0;
            return quiet[0] >= 10;
        });
    }

    /**
     * @param sourceKey   the key
     * @param expectValid whether its current object (if any) is a valid image
     * @param outputKeyPattern a regex every output key of this source matches (to find strays)
     */
    void assertConverged(String sourceKey, boolean expectValid, String outputKeyPattern, String configHash) {
        HeadObjectResponse source = head(sourceBucket, sourceKey);
        List<String> strays = new ArrayList<>();
        for (S3Object o : s3.listObjectsV2Paginator(b -> b.bucket(outputBucket)).contents()) {
            if (o.key().matches(outputKeyPattern)) {
                strays.add(o.key());
            }
        }
        String manifestKey = "manifests/" + sourceKey + ".json";
        if (source == null) {
            assertThat(strays).as("outputs of deleted %s", sourceKey).isEmpty();
            assertThat(head(outputBucket, manifestKey)).as("manifest of deleted %s", sourceKey).isNull();
            return;
        }
        String eTag = unquote(source.eTag());
        JsonNode manifest = json(s3.getObjectAsBytes(b -> b.bucket(outputBucket).key(manifestKey)));
        assertThat(manifest.path("source").path("eTag").asText()).as("manifest ETag of %s", sourceKey).isEqualTo(eTag);
        assertThat(manifest.path("configHash").asText()).isEqualTo(configHash);
        assertThat(manifest.path("status").asText()).as("status of %s", sourceKey)
                .isEqualTo(expectValid ? "processed" : "rejected");
        Set<String> listed = new TreeSet<>();
        for (JsonNode r : manifest.path("renditions")) {
            String key = r.path("key").asText();
            listed.add(key);
            HeadObjectResponse rendition = head(outputBucket, key);
            assertThat(rendition).as("rendition %s of %s", key, sourceKey).isNotNull();
            assertThat(rendition.metadata()).as("rendition %s made from the current version", key)
                    .containsEntry("imagepipe-source-etag", eTag);
            assertThat(rendition.contentLength()).isEqualTo(r.path("bytes").asLong());
        }
        if (expectValid) {
            assertThat(listed).as("renditions of %s", sourceKey).isNotEmpty();
        }
        strays.remove(manifestKey);
        assertThat(new TreeSet<>(strays)).as("outputs of %s are exactly its manifest's", sourceKey).isEqualTo(listed);
    }

    /** Every DLQ message as source key -> reasons (drains the DLQ). */
    Map<String, List<String>> drainDeadLetters(String dlqUrl) {
        Map<String, List<String>> byKey = new HashMap<>();
        while (true) {
            List<Message> got = sqs.receiveMessage(b -> b.queueUrl(dlqUrl).maxNumberOfMessages(10).waitTimeSeconds(1)
                    .messageAttributeNames("All")).messages();
            if (got.isEmpty()) {
                return byKey;
            }
            for (Message m : got) {
                String reason = m.messageAttributes().containsKey("imagepipe-reason")
                        ? m.messageAttributes().get("imagepipe-reason").stringValue() : "(none)";
                String key;
                try {
                    JsonNode record = JSON.readTree(m.body()).path("Records").path(0);
                    key = java.net.URLDecoder.decode(record.path("s3").path("object").path("key").asText(),
                            java.nio.charset.StandardCharsets.UTF_8);
                } catch (IOException e) {
                    key = "(unparsable) " + m.body();
                }
                byKey.computeIfAbsent(key, k -> new ArrayList<>()).add(reason);
                sqs.deleteMessage(b -> b.queueUrl(dlqUrl).receiptHandle(m.receiptHandle()));
            }
        }
    }

    private HeadObjectResponse head(String bucket, String key) {
        try {
            return s3.headObject(b -> b.bucket(bucket).key(key));
        } catch (NoSuchKeyException e) {
            return null;
        } catch (software.amazon.awssdk.services.s3.model.S3Exception e) {
            if (e.statusCode() == 404) {
                return null;
            }
            throw e;
        }
    }

    private static JsonNode json(ResponseBytes<?> bytes) {
        try {
            return JSON.readTree(bytes.asByteArray());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String unquote(String eTag) {
        return eTag != null && eTag.length() >= 2 && eTag.startsWith("\"") ? eTag.substring(1, eTag.length() - 1) : eTag;
    }
}

package io.imagepipe.lambda;

import io.imagepipe.local.LocalEnvironment;
import io.imagepipe.local.LocalS3;
import java.net.URI;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * The function's execution environment against the real in-process S3 and SQS (s3proxy, ElasticMQ
 * on free ports), plus plain SDK clients for the test to act as S3, as Lambda's poller and as a user.
 */
final class LocalLambda implements AutoCloseable {
    final LocalEnvironment local;
    final FunctionEnvironment function;
    final S3Client s3;
    final SqsClient sqs;
    private final ByteArrayOutputStream metrics = new ByteArrayOutputStream();

    private final LocalS3 flakyS3;

    LocalLambda(Map<String, String> extraEnv) {
        this(LocalEnvironment.start(LocalEnvironment.Options.ephemeral()), extraEnv);
    }

    LocalLambda(LocalEnvironment local, Map<String, String> extraEnv) {
        this(local, null, extraEnv);
    }

    /** Local mode's SQS, and S3 from {@link FlakyS3}: GETs under {@code flaky/} fail on the server. */
    static LocalLambda withFlakyS3(Map<String, String> extraEnv) {
        return withFlakyS3(extraEnv, false);
    }

    /** @param dlqConfigured whether IMAGEPIPE_DLQ_URL names local mode's DLQ (else the queues' redrive policy does) */
    static LocalLambda withFlakyS3(Map<String, String> extraEnv, boolean dlqConfigured) {
        LocalEnvironment local = LocalEnvironment.start(LocalEnvironment.Options.ephemeral());
        Map<String, String> env = new HashMap<>(extraEnv);
        if (dlqConfigured) {
            env.put("IMAGEPIPE_DLQ_URL", local.dlqUrl());
        }
        return new LocalLambda(local, FlakyS3.start(local.accessKey(), local.secretKey()), env);
    }

    private LocalLambda(LocalEnvironment local, LocalS3 flakyS3, Map<String, String> extraEnv) {
        this.local = local;
        this.flakyS3 = flakyS3;
        URI s3Endpoint = flakyS3 == null ? local.s3Endpoint() : flakyS3.endpoint();
        Map<String, String> env = new HashMap<>(functionEnv(local));
        env.put("IMAGEPIPE_S3_ENDPOINT", s3Endpoint.toString());
        env.putAll(extraEnv);
        function = FunctionEnvironment.create(env, local.credentialsProvider(),
                new PrintStream(metrics, true, StandardCharsets.UTF_8));
        var credentials = StaticCredentialsProvider.create(AwsBasicCredentials.create(local.accessKey(), local.secretKey()));
        s3 = S3Client.builder().endpointOverride(s3Endpoint).region(Region.US_EAST_1).forcePathStyle(true)
                .credentialsProvider(credentials).build();
        sqs = SqsClient.builder().endpointOverride(local.sqsEndpoint()).region(Region.US_EAST_1)
                .credentialsProvider(credentials).build();
    }

    /** What the SAM template and Lambda itself would set, pointed at the local servers. */
    static Map<String, String> functionEnv(LocalEnvironment local) {
        Map<String, String> env = new HashMap<>();
        env.put("AWS_LAMBDA_FUNCTION_MEMORY_SIZE", "1769");
        env.put("AWS_REGION", local.region());
        env.put("IMAGEPIPE_S3_ENDPOINT", local.s3Endpoint().toString());
        env.put("IMAGEPIPE_SQS_ENDPOINT", local.sqsEndpoint().toString());
        env.put("IMAGEPIPE_LOG_FORMAT", "text");
        env.put("IMAGEPIPE_PRIME", "off");
        return env;
    }

    String queueArn(String queueUrl) {
        return sqs.getQueueAttributes(b -> b.queueUrl(queueUrl).attributeNames(QueueAttributeName.QUEUE_ARN))
                .attributes().get(QueueAttributeName.QUEUE_ARN);
    }

    /** A fresh queue redriving to local mode's DLQ after {@code maxReceiveCount} receives, so each test sees only its own messages. */
    String newQueue(int maxReceiveCount) {
        String dlqArn = queueArn(local.dlqUrl());
        return sqs.createQueue(b -> b.queueName("lambda-" + UUID.randomUUID()).attributes(Map.of(
                QueueAttributeName.REDRIVE_POLICY, "{\"deadLetterTargetArn\":\"" + dlqArn + "\",\"maxReceiveCount\":\""
                        + maxReceiveCount + "\"}",
                QueueAttributeName.VISIBILITY_TIMEOUT, "30"))).queueUrl();
    }

    void upload(String bucket, String key, byte[] bytes) {
        s3.putObject(b -> b.bucket(bucket).key(key), RequestBody.fromBytes(bytes));
    }

    /** Sends the bodies and receives them back, as Lambda's poller would before invoking the function. */
    List<Message> deliver(String queueUrl, List<String> bodies) {
        bodies.forEach(body -> sqs.sendMessage(b -> b.queueUrl(queueUrl).messageBody(body)));
        List<Message> received = new ArrayList<>();
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (received.size() < bodies.size() && System.nanoTime() < deadline) {
            received.addAll(sqs.receiveMessage(b -> b.queueUrl(queueUrl).maxNumberOfMessages(10).waitTimeSeconds(1)
                    .messageSystemAttributeNames(MessageSystemAttributeName.ALL)).messages());
        }
        if (received.size() != bodies.size()) {
            throw new AssertionError("received " + received.size() + " of " + bodies.size() + " messages");
        }
        // In the order they were sent, as the test names them.
        received.sort(java.util.Comparator.comparingInt(m -> bodies.indexOf(m.body())));
        return received;
    }

    List<Message> dlqMessagesAbout(String text) {
        List<Message> found = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            for (Message m : sqs.receiveMessage(b -> b.queueUrl(local.dlqUrl()).maxNumberOfMessages(10).waitTimeSeconds(1)
                    .visibilityTimeout(0).messageAttributeNames("All")).messages()) {
                if (m.body().contains(text) && found.stream().noneMatch(f -> f.messageId().equals(m.messageId()))) {
                    found.add(m);
                }
            }
        }
        return found;
    }

    String metricsWritten() {
        return metrics.toString(StandardCharsets.UTF_8);
    }

    boolean exists(String bucket, String key) {
        try {
            s3.headObject(b -> b.bucket(bucket).key(key));
            return true;
        } catch (software.amazon.awssdk.services.s3.model.NoSuchKeyException e) {
            return false;
        } catch (software.amazon.awssdk.services.s3.model.S3Exception e) {
            if (e.statusCode() == 404) {
                return false;
            }
            throw e;
        }
    }

    /** The object's ETag, unquoted, as S3 puts it in event notifications. */
    String eTag(String bucket, String key) {
        return s3.headObject(b -> b.bucket(bucket).key(key)).eTag().replace("\"", "");
    }

    /** A raw S3 notification of the upload of an object that is there, with its real ETag. */
    String notificationOfExisting(String bucket, String key) {
        return LambdaEvents.s3Notification(bucket, LambdaEvents.encodeKey(key), "ObjectCreated:Put", eTag(bucket, key));
    }

    String text(String bucket, String key) {
        return s3.getObjectAsBytes(b -> b.bucket(bucket).key(key)).asUtf8String();
    }

    @Override
    public void close() {
        function.close();
        s3.close();
        sqs.close();
        local.close();
        if (flakyS3 != null) {
            flakyS3.close();
        }
    }
}

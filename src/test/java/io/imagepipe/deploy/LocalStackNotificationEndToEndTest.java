package io.imagepipe.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.imagepipe.app.ImagepipeService;
import io.imagepipe.config.Config;
import io.imagepipe.config.ConfigLoader;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;
import org.testcontainers.localstack.LocalStackContainer;
import org.testcontainers.utility.DockerImageName;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.Event;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * For users with Docker: the stack's event path built in LocalStack the way deploy/cloudformation.yaml
 * builds it (bucket notification for the template's events -> SNS topic -> subscription -> queue
 * with the template's visibility timeout and redrive), and the real service consuming it. Skipped
 * where Docker is absent; the same service path runs everywhere against the embedded servers
 * (ServiceEndToEndTest), and the template's wiring is checked by CloudFormationTest.
 */
@Testcontainers(disabledWithoutDocker = true)
class LocalStackNotificationEndToEndTest {
    @Container
    private static final LocalStackContainer LOCALSTACK = new LocalStackContainer(
            DockerImageName.parse("localstack/localstack:4.4.0")).withServices("s3", "sqs", "sns");

    @Test
    void uploadReachesTheServiceThroughSnsAndItsDeletionRemovesTheRenditions() throws Exception {
        Map<String, Object> template = CloudFormation.load(Repository.read(Repository.CLOUDFORMATION));
        var credentials = StaticCredentialsProvider.create(AwsBasicCredentials.create(LOCALSTACK.getAccessKey(),
                LOCALSTACK.getSecretKey()));
        Region region = Region.of(LOCALSTACK.getRegion());
        try (S3Client s3 = S3Client.builder().endpointOverride(LOCALSTACK.getEndpoint()).region(region)
                .forcePathStyle(true).credentialsProvider(credentials).build();
             SqsClient sqs = SqsClient.builder().endpointOverride(LOCALSTACK.getEndpoint()).region(region)
                     .credentialsProvider(credentials).build()) {
            SnsQueryApi sns = new SnsQueryApi(LOCALSTACK.getEndpoint(), region.id(), LOCALSTACK.getAccessKey());
            String dlqUrl = sqs.createQueue(b -> b.queueName("imagepipe-events-dlq")).queueUrl();
            String dlqArn = sqs.getQueueAttributes(b -> b.queueUrl(dlqUrl).attributeNames(QueueAttributeName.QUEUE_ARN))
                    .attributes().get(QueueAttributeName.QUEUE_ARN);
            Object visibility = Yaml.at(template, "Parameters.VisibilityTimeoutSeconds.Default");
            Object maxReceives = Yaml.at(template, "Parameters.MaxReceiveCount.Default");
            String queueUrl = sqs.createQueue(b -> b.queueName("imagepipe-events").attributes(Map.of(
                    QueueAttributeName.VISIBILITY_TIMEOUT, visibility.toString(),
                    QueueAttributeName.REDRIVE_POLICY, "{\"deadLetterTargetArn\":\"" + dlqArn
                            + "\",\"maxReceiveCount\":\"" + maxReceives + "\"}"))).queueUrl();
            String queueArn = sqs.getQueueAttributes(b -> b.queueUrl(queueUrl).attributeNames(QueueAttributeName.QUEUE_ARN))
                    .attributes().get(QueueAttributeName.QUEUE_ARN);
            String topicArn = sns.createTopic("imagepipe-events-topic");
            Object raw = Yaml.at(CloudFormationTest.resource("EventSubscription", "AWS::SNS::Subscription"),
                    "Properties.RawMessageDelivery");
            sns.subscribeQueue(topicArn, queueArn, Boolean.TRUE.equals(raw));
            s3.createBucket(b -> b.bucket("uploads"));
            s3.createBucket(b -> b.bucket("renditions"));
            List<Event> events = Yaml.list(Yaml.at(template,
                    "Resources.SourceBucket.Properties.NotificationConfiguration.TopicConfigurations")).stream()
                    .map(c -> Event.fromValue((String) Yaml.at(c, "Event"))).toList();
            s3.putBucketNotificationConfiguration(b -> b.bucket("uploads").notificationConfiguration(n -> n
                    .topicConfigurations(t -> t.topicArn(topicArn).events(events))));

            Config config = new ConfigLoader(Map.of(
                    "IMAGEPIPE_QUEUE_URL", queueUrl, "IMAGEPIPE_DLQ_URL", dlqUrl,
                    "IMAGEPIPE_S3_ENDPOINT", LOCALSTACK.getEndpoint().toString(),
                    "IMAGEPIPE_SQS_ENDPOINT", LOCALSTACK.getEndpoint().toString(),
                    "IMAGEPIPE_REGION", region.id(), "IMAGEPIPE_HTTP_PORT", "0", "IMAGEPIPE_HTTP_HOST", "127.0.0.1",
                    "IMAGEPIPE_WORKERS", "2", "IMAGEPIPE_LOG_FORMAT", "text",
                    "IMAGEPIPE_VISIBILITY_TIMEOUT_SECONDS", visibility.toString()), Map.of()).load();
            try (ImagepipeService service = ImagepipeService.start(config, credentials)) {
                s3.putObject(b -> b.bucket("uploads").key("photos/cat.jpg").contentType("image/jpeg"),
                        RequestBody.fromBytes(jpeg(1200, 800)));
                eventually("the thumbnail is written", () -> exists(s3, "thumb/photos/cat.jpg"));
                assertThat(exists(s3, "manifests/photos/cat.jpg.json")).isTrue();

                s3.deleteObject(b -> b.bucket("uploads").key("photos/cat.jpg"));
                eventually("the outputs are removed", () -> !exists(s3, "manifests/photos/cat.jpg.json"));
                assertThat(exists(s3, "thumb/photos/cat.jpg")).isFalse();
                assertThat(service.registry().find("imagepipe.messages").tag("outcome", "removed").counter()
                        .count()).isEqualTo(1);
            }
        }
    }

    private static boolean exists(S3Client s3, String key) {
        try {
            s3.headObject(b -> b.bucket("renditions").key(key));
            return true;
        } catch (NoSuchKeyException e) {
            return false;
        } catch (software.amazon.awssdk.services.s3.model.S3Exception e) {
            if (e.statusCode() == 404) {
                return false;
            }
            throw e;
        }
    }

    private static byte[] jpeg(int width, int height) throws Exception {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                image.setRGB(x, y, (x * 255 / width) << 16 | (y * 255 / height) << 8 | 128);
            }
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(image, "jpeg", out);
        return out.toByteArray();
    }

    private static void eventually(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out after 90 s waiting until " + what);
            }
            Thread.sleep(200);
        }
    }
}

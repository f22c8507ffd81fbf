package io.imagepipe.local;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;

import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3Configuration;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;

/** Real SDK clients (sync, the SDK's default Apache 5 HTTP client, which closes at once). */
final class TestClients {
    private TestClients() {
    }

    static S3Client s3(URI endpoint, String accessKey, String secretKey) {
        return S3Client.builder()
                .endpointOverride(endpoint)
                .region(Region.US_EAST_1)
                .forcePathStyle(true)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(accessKey, secretKey)))
                .build();
    }

    static S3Presigner presigner(URI endpoint, String accessKey, String secretKey) {
        return S3Presigner.builder()
                .endpointOverride(endpoint)
                .region(Region.US_EAST_1)
                .serviceConfiguration(S3Configuration.builder().pathStyleAccessEnabled(true).build())
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(accessKey, secretKey)))
                .build();
    }

    static SqsClient sqs(URI endpoint) {
        return SqsClient.builder()
                .endpointOverride(endpoint)
                .region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("x", "y")))
                .build();
    }

    /** Receives and deletes until {@code expected} messages came, then checks briefly that no more follow. */
    static List<Message> drain(SqsClient sqs, String queueUrl, int expected) {
        List<Message> got = new ArrayList<>();
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (got.size() < expected && System.nanoTime() < deadline) {
            got.addAll(receiveAndDelete(sqs, queueUrl, 1));
        }
        got.addAll(receiveAndDelete(sqs, queueUrl, 0));
        return got;
    }

    private static List<Message> receiveAndDelete(SqsClient sqs, String queueUrl, int waitSeconds) {
        List<Message> messages = sqs.receiveMessage(b -> b.queueUrl(queueUrl).maxNumberOfMessages(10)
                .waitTimeSeconds(waitSeconds)).messages();
        for (Message m : messages) {
            sqs.deleteMessage(b -> b.queueUrl(queueUrl).receiptHandle(m.receiptHandle()));
        }
        return messages;
    }
}

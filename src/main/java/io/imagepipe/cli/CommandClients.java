package io.imagepipe.cli;

import io.imagepipe.aws.Clients;
import io.imagepipe.config.Config;
import java.time.Duration;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.http.async.SdkAsyncHttpClient;
import software.amazon.awssdk.http.nio.netty.NettyNioAsyncHttpClient;
import software.amazon.awssdk.services.s3.S3AsyncClient;
import software.amazon.awssdk.services.sqs.SqsAsyncClient;

/** The S3 and SQS clients of a one-off command, configured like the service's (endpoints, region, path style). */
public final class CommandClients implements AutoCloseable {
    private final SdkAsyncHttpClient http;
    private final S3AsyncClient s3;
    private final SqsAsyncClient sqs;

    public CommandClients(Config config, AwsCredentialsProvider credentials, int connections) {
        http = NettyNioAsyncHttpClient.builder().maxConcurrency(Math.max(8, connections))
                .connectionTimeout(Duration.ofSeconds(5)).connectionAcquisitionTimeout(Duration.ofSeconds(30))
                .readTimeout(Duration.ofSeconds(60)).build();
        s3 = Clients.s3(config, http, credentials);
        sqs = Clients.sqs(config, http, credentials);
    }

    public S3AsyncClient s3() {
        return s3;
    }

    public SqsAsyncClient sqs() {
        return sqs;
    }

    @Override
    public void close() {
        s3.close();
        sqs.close();
        http.close();
    }
}

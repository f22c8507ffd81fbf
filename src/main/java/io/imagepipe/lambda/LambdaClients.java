package io.imagepipe.lambda;

import io.imagepipe.aws.Clients;
import io.imagepipe.config.Config;
import java.time.Duration;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.http.async.SdkAsyncHttpClient;
import software.amazon.awssdk.http.nio.netty.NettyNioAsyncHttpClient;
import software.amazon.awssdk.services.s3.S3AsyncClient;
import software.amazon.awssdk.services.sqs.SqsAsyncClient;

/**
 * The S3 and SQS clients of one execution environment, over one Netty HTTP client. The pipeline
 * needs async clients, which leaves Netty and the AWS CRT. Measured at init (bench/RESULTS.md,
 * "Lambda"), the CRT reaches its first request sooner, but it leaves a copy of its native library
 * in /tmp on every SnapStart restore and adds 23 MB to the artifact, so Netty it is, its init paid
 * before the snapshot. Recreated after a SnapStart restore: pooled connections must not outlive it.
 */
final class LambdaClients implements AutoCloseable {
    private final SdkAsyncHttpClient http;
    private final S3AsyncClient s3;
    private final SqsAsyncClient sqs;

    LambdaClients(Config config, AwsCredentialsProvider credentials) {
        // Netty's event loop threads default to twice the cores; one vCPU needs no more than two.
        http = NettyNioAsyncHttpClient.builder()
                .maxConcurrency(Math.max(16, config.maxInflight() * 8))
                .eventLoopGroupBuilder(software.amazon.awssdk.http.nio.netty.SdkEventLoopGroup.builder()
                        .numberOfThreads(Math.max(2, config.workers())))
                .connectionTimeout(Duration.ofSeconds(5)).connectionAcquisitionTimeout(Duration.ofSeconds(10))
                .readTimeout(Duration.ofSeconds(30)).build();
        s3 = Clients.s3(config, http, credentials);
        sqs = Clients.sqs(config, http, credentials);
    }

    S3AsyncClient s3() {
        return s3;
    }

    SqsAsyncClient sqs() {
        return sqs;
    }

    @Override
    public void close() {
        s3.close();
        sqs.close();
        http.close();
    }
}

package io.imagepipe.app;

import io.imagepipe.aws.Clients;
import io.imagepipe.config.Config;
import java.time.Duration;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.http.async.SdkAsyncHttpClient;
import software.amazon.awssdk.http.nio.netty.NettyNioAsyncHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3AsyncClient;
import software.amazon.awssdk.services.s3.S3Configuration;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;
import software.amazon.awssdk.services.sqs.SqsAsyncClient;

/**
 * The async S3 and SQS clients and the S3 URL presigner, sharing one Netty HTTP client. Endpoint overrides point them at
 * local mode or any S3/SQS-compatible service; otherwise they talk to AWS with the default
 * credential chain (environment, profile, IRSA web identity, instance role).
 */
final class AwsClients implements AutoCloseable {
    private final SdkAsyncHttpClient http;
    private final S3AsyncClient s3;
    private final SqsAsyncClient sqs;
    private final S3Presigner presigner;

    AwsClients(Config config, AwsCredentialsProvider credentials) {
        // Long polls hold a connection for 20 s each; uploads fan out per rendition.
        http = NettyNioAsyncHttpClient.builder().maxConcurrency(Math.max(64, config.maxInflight() * 8))
                .connectionTimeout(Duration.ofSeconds(5)).connectionAcquisitionTimeout(Duration.ofSeconds(10))
                .readTimeout(Duration.ofSeconds(60)).build();
        s3 = Clients.s3(config, http, credentials);
        sqs = Clients.sqs(config, http, credentials);
        var presignerBuilder = S3Presigner.builder().region(Region.of(config.region())).credentialsProvider(credentials)
                .serviceConfiguration(S3Configuration.builder().pathStyleAccessEnabled(config.s3PathStyle()).build());
        config.s3Endpoint().ifPresent(presignerBuilder::endpointOverride);
        presigner = presignerBuilder.build();
    }

    S3Presigner presigner() {
        return presigner;
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
        presigner.close();
        http.close();
    }
}

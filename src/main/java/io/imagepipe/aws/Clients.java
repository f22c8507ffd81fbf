package io.imagepipe.aws;

import io.imagepipe.config.Config;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.http.async.SdkAsyncHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3AsyncClient;
import software.amazon.awssdk.services.sqs.SqsAsyncClient;

/**
 * The S3 and SQS clients as the configuration asks (region, endpoint overrides, path style), over an
 * HTTP client the caller sizes for its own work: the service, the Lambda handlers and the commands.
 */
public final class Clients {
    private Clients() {
    }

    /**
     * Request checksums only where S3 requires one (DeleteObjects): otherwise, since SDK 2.30, every
     * PutObject body is run through CRC32 and sent aws-chunked (with a signature per chunk over plain
     * HTTP), about 5 ms of CPU per image (bench/RESULTS.md, "Service path"). What is PUT is derived data
     * (renditions, manifests) that the next event re-makes; in transit TLS protects it on AWS. Responses
     * are still validated whenever S3 returns a checksum: the source is the one input not re-derivable.
     */
    public static S3AsyncClient s3(Config config, SdkAsyncHttpClient http, AwsCredentialsProvider credentials) {
        var builder = S3AsyncClient.builder().httpClient(http).region(Region.of(config.region()))
                .credentialsProvider(credentials).forcePathStyle(config.s3PathStyle())
                .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                .responseChecksumValidation(ResponseChecksumValidation.WHEN_SUPPORTED);
        config.s3Endpoint().ifPresent(builder::endpointOverride);
        return builder.build();
    }

    public static SqsAsyncClient sqs(Config config, SdkAsyncHttpClient http, AwsCredentialsProvider credentials) {
        var builder = SqsAsyncClient.builder().httpClient(http).region(Region.of(config.region()))
                .credentialsProvider(credentials);
        config.sqsEndpoint().ifPresent(builder::endpointOverride);
        return builder.build();
    }
}

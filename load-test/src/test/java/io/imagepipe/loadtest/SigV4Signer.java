package io.imagepipe.loadtest;

import io.gatling.http.client.Request;
import io.gatling.http.client.body.RequestBody;
import java.net.URI;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4FamilyHttpSigner;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.SignedRequest;

/**
 * Signs Gatling's requests to S3 with AWS Signature Version 4, using the AWS SDK's own signer, in
 * Gatling's {@code sign(...)} hook: it runs on the fully built request (URL, headers, body), so what is
 * signed is what goes on the wire. The payload hash is signed too (S3 requires a signed payload over
 * plain HTTP), the way the SDK's S3 client uploads.
 */
public final class SigV4Signer implements Function<Request, Request> {
    private static final String SERVICE = "s3";
    /** Headers Gatling itself writes or that the SDK derives from the URL: not copied back. */
    private static final List<String> NOT_COPIED = List.of("host", "content-type", "content-length");

    private final AwsCredentialsProvider credentials;
    private final String region;
    private final Clock clock;
    private final AwsV4HttpSigner signer = AwsV4HttpSigner.create();

    public SigV4Signer(AwsCredentialsProvider credentials, String region, Clock clock) {
        this.credentials = credentials;
        this.region = region;
        this.clock = clock;
    }

    /** Static credentials from the settings, else the AWS default chain (environment, profile, role). */
    public static SigV4Signer from(Settings settings) {
        AwsCredentialsProvider provider;
        if (!settings.hasStaticCredentials()) {
            provider = DefaultCredentialsProvider.builder().build();
        } else if (settings.sessionToken().isEmpty()) {
            provider = StaticCredentialsProvider.create(
                    AwsBasicCredentials.create(settings.accessKey(), settings.secretKey()));
        } else {
            provider = StaticCredentialsProvider.create(
                    AwsSessionCredentials.create(settings.accessKey(), settings.secretKey(), settings.sessionToken()));
        }
        return new SigV4Signer(provider, settings.region(), Clock.systemUTC());
    }

    @Override
    public Request apply(Request request) {
        Map<String, List<String>> signed = sign(request.getMethod().name(), URI.create(request.getUri().toUrl()),
                request.getHeaders().get("content-type"), body(request.getBody()));
        signed.forEach((name, values) -> {
            if (!NOT_COPIED.contains(name.toLowerCase(java.util.Locale.ROOT))) {
                request.getHeaders().set(name, values.get(0));
            }
        });
        return request;
    }

    /** The headers of the signed request: Authorization, X-Amz-Date, X-Amz-Content-Sha256 and the rest. */
    Map<String, List<String>> sign(String method, URI uri, String contentType, byte[] body) {
        SdkHttpRequest.Builder unsigned = SdkHttpRequest.builder().method(SdkHttpMethod.fromValue(method)).uri(uri);
        if (contentType != null) {
            unsigned.putHeader("Content-Type", contentType);
        }
        SignedRequest result = signer.sign(r -> r
                .identity(credentials.resolveCredentials())
                .request(unsigned.build())
                .payload(ContentStreamProvider.fromByteArrayUnsafe(body))
                .putProperty(AwsV4FamilyHttpSigner.SERVICE_SIGNING_NAME, SERVICE)
                .putProperty(AwsV4HttpSigner.REGION_NAME, region)
                .putProperty(AwsV4FamilyHttpSigner.DOUBLE_URL_ENCODE, false)
                .putProperty(AwsV4FamilyHttpSigner.NORMALIZE_PATH, false)
                .putProperty(AwsV4FamilyHttpSigner.PAYLOAD_SIGNING_ENABLED, true)
                .putProperty(HttpSigner.SIGNING_CLOCK, clock));
        return result.request().headers();
    }

    private static byte[] body(RequestBody body) {
        return body == null ? new byte[0] : body.getBytes();
    }
}

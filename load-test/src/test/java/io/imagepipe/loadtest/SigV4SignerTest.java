package io.imagepipe.loadtest;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;

/** The SDK signer as configured for S3 (no double encoding, no path normalisation, signed payload). */
class SigV4SignerTest {
    private static final Clock MAY_24_2013 = Clock.fixed(Instant.parse("2013-05-24T00:00:00Z"), ZoneOffset.UTC);
    private final SigV4Signer signer = new SigV4Signer(StaticCredentialsProvider.create(AwsBasicCredentials.create(
            "AKIAIOSFODNN7EXAMPLE", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY")), "us-east-1", MAY_24_2013);

    @Test
    void signsAPutWithItsPayloadHashScopeAndSignedHeaders() throws Exception {
        byte[] body = "Welcome to Amazon S3.".getBytes(StandardCharsets.UTF_8);
        Map<String, List<String>> headers = signer.sign("PUT",
                URI.create("https://examplebucket.s3.amazonaws.com/test%24file.text"), "text/plain", body);

        String sha = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(body));
        assertThat(headers.get("x-amz-content-sha256")).containsExactly(sha);
        assertThat(headers.get("X-Amz-Date")).containsExactly("20130524T000000Z");
        assertThat(headers.get("Authorization").get(0))
                .startsWith("AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20130524/us-east-1/s3/aws4_request, ")
                .contains("SignedHeaders=content-type;host;x-amz-content-sha256;x-amz-date, ");
    }

    @Test
    void signatureDependsOnTheBody() {
        URI uri = URI.create("http://127.0.0.1:9000/uploads/a.jpg");
        String one = signer.sign("PUT", uri, "image/jpeg", new byte[] {1}).get("Authorization").get(0);
        String two = signer.sign("PUT", uri, "image/jpeg", new byte[] {2}).get("Authorization").get(0);
        assertThat(one).isNotEqualTo(two);
    }

    @Test
    void signatureMatchesAnIndependentComputationOfTheAlgorithm() throws Exception {
        Map<String, List<String>> headers = signer.sign("GET",
                URI.create("https://examplebucket.s3.amazonaws.com/photos/test%24file.text"), null, new byte[0]);

        String emptySha = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";
        String canonical = String.join("\n", "GET", "/photos/test%24file.text", "",
                "host:examplebucket.s3.amazonaws.com", "x-amz-content-sha256:" + emptySha,
                "x-amz-date:20130524T000000Z", "", "host;x-amz-content-sha256;x-amz-date", emptySha);
        String toSign = String.join("\n", "AWS4-HMAC-SHA256", "20130524T000000Z",
                "20130524/us-east-1/s3/aws4_request", hex(sha256(canonical.getBytes(StandardCharsets.UTF_8))));
        byte[] key = hmac(("AWS4" + "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY").getBytes(StandardCharsets.UTF_8), "20130524");
        for (String part : List.of("us-east-1", "s3", "aws4_request")) {
            key = hmac(key, part);
        }
        String expected = hex(hmac(key, toSign));

        assertThat(headers.get("Authorization").get(0)).endsWith("Signature=" + expected);
    }

    private static byte[] sha256(byte[] data) throws Exception {
        return MessageDigest.getInstance("SHA-256").digest(data);
    }

    private static byte[] hmac(byte[] key, String data) throws Exception {
        javax.crypto.Mac mac = javax.crypto.Mac.getInstance("HmacSHA256");
        mac.init(new javax.crypto.spec.SecretKeySpec(key, "HmacSHA256"));
        return mac.doFinal(data.getBytes(StandardCharsets.UTF_8));
    }

    private static String hex(byte[] bytes) {
        return HexFormat.of().formatHex(bytes);
    }
}

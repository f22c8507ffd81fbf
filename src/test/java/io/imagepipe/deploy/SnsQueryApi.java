package io.imagepipe.deploy;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The two SNS calls the LocalStack test needs, over SNS's query API: the AWS SDK's SNS module does
 * not resolve from this build's registry at the SDK version the project pins. LocalStack reads the
 * region and account from the Authorization header's credential scope and does not check signatures.
 */
final class SnsQueryApi {
    private static final Pattern TOPIC_ARN = Pattern.compile("<TopicArn>([^<]+)</TopicArn>");
    private final HttpClient http = HttpClient.newHttpClient();
    private final URI endpoint;
    private final String authorization;

    SnsQueryApi(URI endpoint, String region, String accessKey) {
        this.endpoint = endpoint;
        this.authorization = "AWS4-HMAC-SHA256 Credential=" + accessKey + "/20260101/" + region
                + "/sns/aws4_request, SignedHeaders=host, Signature=0";
    }

    String createTopic(String name) throws IOException, InterruptedException {
        Matcher arn = TOPIC_ARN.matcher(call(Map.of("Action", "CreateTopic", "Name", name)));
        if (!arn.find()) {
            throw new IOException("CreateTopic answered without a TopicArn");
        }
        return arn.group(1);
    }

    void subscribeQueue(String topicArn, String queueArn, boolean rawMessageDelivery)
            throws IOException, InterruptedException {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("Action", "Subscribe");
        form.put("TopicArn", topicArn);
        form.put("Protocol", "sqs");
        form.put("Endpoint", queueArn);
        form.put("Attributes.entry.1.key", "RawMessageDelivery");
        form.put("Attributes.entry.1.value", Boolean.toString(rawMessageDelivery));
        call(form);
    }

    private String call(Map<String, String> form) throws IOException, InterruptedException {
        String body = form.entrySet().stream().map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
                + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8)).collect(Collectors.joining("&"))
                + "&Version=2010-03-31";
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(endpoint)
                .header("Content-Type", "application/x-www-form-urlencoded; charset=utf-8")
                .header("Authorization", authorization)
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IOException("SNS " + form.get("Action") + " answered " + response.statusCode() + ": " + response.body());
        }
        return response.body();
    }
}

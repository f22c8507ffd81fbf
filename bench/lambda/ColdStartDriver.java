import io.imagepipe.local.LocalEnvironment;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * Cold starts of the Lambda SQS handler, each in a fresh child JVM limited as Lambda limits a
 * 1,769 MB function (bench/RESULTS.md, "Lambda"), against local mode's real S3 and SQS in this JVM.
 *
 *   ./mvnw -q package -DskipTests
 *   javac -cp target/imagepipe-lambda.jar -d target/bench-lambda bench/lambda/ColdStartChild.java
 *   java -cp target/imagepipe.jar bench/lambda/ColdStartDriver.java [runs]
 * (-Dlambda.jar=... -Dchild.classes=... point at copies, so a rebuild cannot change the jar mid-run)
 */
public final class ColdStartDriver {
    static final List<String> CHILD_FLAGS = List.of("-Xmx1503m", "-XX:ActiveProcessorCount=1",
            "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC");

    public static void main(String[] args) throws Exception {
        int runs = args.length > 0 ? Integer.parseInt(args[0]) : 5;
        Path work = Files.createTempDirectory("imagepipe-coldstart");
        byte[] photo = photo(3000, 2000, 1);
        byte[] photo2 = photo(3000, 2000, 2);
        try (LocalEnvironment local = LocalEnvironment.start(LocalEnvironment.Options.ephemeral())) {
            var credentials = StaticCredentialsProvider.create(AwsBasicCredentials.create(local.accessKey(), local.secretKey()));
            S3Client s3 = S3Client.builder().endpointOverride(local.s3Endpoint()).region(Region.US_EAST_1)
                    .forcePathStyle(true).credentialsProvider(credentials).build();
            SqsClient sqs = SqsClient.builder().endpointOverride(local.sqsEndpoint()).region(Region.US_EAST_1)
                    .credentialsProvider(credentials).build();
            String arn = sqs.getQueueAttributes(b -> b.queueUrl(local.queueUrl()).attributeNames(QueueAttributeName.QUEUE_ARN))
                    .attributes().get(QueueAttributeName.QUEUE_ARN);
            Map<String, String> env = new LinkedHashMap<>();
            env.put("AWS_LAMBDA_FUNCTION_MEMORY_SIZE", "1769");
            env.put("AWS_REGION", "us-east-1");
            env.put("AWS_ACCESS_KEY_ID", local.accessKey());
            env.put("AWS_SECRET_ACCESS_KEY", local.secretKey());
            env.put("IMAGEPIPE_S3_ENDPOINT", local.s3Endpoint().toString());
            env.put("IMAGEPIPE_SQS_ENDPOINT", local.sqsEndpoint().toString());
            env.put("IMAGEPIPE_PRIME", "off"); // the child primes itself, timed, when asked to
            Map<String, List<Map<String, Long>>> results = new LinkedHashMap<>();
            for (int run = 1; run <= runs; run++) {
                for (String mode : List.of("noprime", "prime")) {
                    String k1 = "bench/" + mode + "-" + run + "-a.jpg";
                    String k2 = "bench/" + mode + "-" + run + "-b.jpg";
                    s3.putObject(b -> b.bucket("uploads").key(k1), RequestBody.fromBytes(photo));
                    s3.putObject(b -> b.bucket("uploads").key(k2), RequestBody.fromBytes(photo2));
                    List<Message> messages = receive(sqs, local.queueUrl(), 2);
                    List<String> childArgs = new ArrayList<>(List.of(mode));
                    for (Message m : messages) {
                        Path body = Files.writeString(work.resolve(m.messageId() + ".json"), m.body());
                        childArgs.addAll(List.of(m.messageId(), m.receiptHandle()));
                        if (childArgs.size() == 3) {
                            childArgs.add(arn);
                        }
                        childArgs.add(body.toString());
                    }
                    record(results, child(env, childArgs));
                    // What Lambda's poller does with the records of a successful batch.
                    messages.forEach(m -> sqs.deleteMessage(b -> b.queueUrl(local.queueUrl()).receiptHandle(m.receiptHandle())));
                }
                for (String kind : List.of("netty", "urlconnection", "crt")) {
                    record(results, child(env, List.of("client", kind, local.s3Endpoint().toString(), "uploads")));
                }
            }
            System.out.println("\nmedians over " + runs + " runs (ms):");
            results.forEach((mode, list) -> {
                Map<String, Long> medians = new LinkedHashMap<>();
                for (String field : list.get(0).keySet()) {
                    medians.put(field, median(list.stream().map(r -> r.get(field)).toList()));
                }
                System.out.println(mode + " " + medians + " all: " + list);
            });
        }
    }

    private static void record(Map<String, List<Map<String, Long>>> results, String json) {
        Matcher mode = Pattern.compile("\"mode\":\"([^\"]+)\"").matcher(json);
        mode.find();
        Map<String, Long> values = new LinkedHashMap<>();
        Matcher m = Pattern.compile("\"(\\w+)\":(\\d+)").matcher(json);
        while (m.find()) {
            values.put(m.group(1), Long.parseLong(m.group(2)));
        }
        results.computeIfAbsent(mode.group(1), k -> new ArrayList<>()).add(values);
    }

    private static long median(List<Long> values) {
        List<Long> sorted = values.stream().sorted().toList();
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }

    private static List<Message> receive(SqsClient sqs, String queueUrl, int n) {
        List<Message> got = new ArrayList<>();
        while (got.size() < n) {
            got.addAll(sqs.receiveMessage(b -> b.queueUrl(queueUrl).maxNumberOfMessages(n - got.size())
                    .waitTimeSeconds(5)).messages());
        }
        return got;
    }

    private static String child(Map<String, String> env, List<String> args) throws Exception {
        String load = Files.readString(Path.of("/proc/loadavg")).split(" ")[0];
        String m2 = System.getProperty("user.home") + "/.m2/repository/software/amazon/awssdk/";
        String cp = String.join(":", System.getProperty("lambda.jar", "target/imagepipe-lambda.jar"),
                System.getProperty("child.classes", "target/bench-lambda"));
        if (args.get(0).equals("client")) {
            cp += ":" + m2 + "url-connection-client/2.54.13/url-connection-client-2.54.13.jar"
                    + ":" + m2 + "aws-crt-client/2.54.13/aws-crt-client-2.54.13.jar"
                    + ":" + m2 + "crt/aws-crt/0.48.4/aws-crt-0.48.4.jar";
        }
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        command.addAll(CHILD_FLAGS);
        command.addAll(List.of("-cp", cp, "ColdStartChild"));
        command.addAll(args);
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
        pb.environment().putAll(env);
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes());
        if (p.waitFor() != 0) {
            throw new IllegalStateException("child failed: " + out);
        }
        String result = out.lines().filter(l -> l.startsWith("RESULT ")).findFirst()
                .orElseThrow(() -> new IllegalStateException("no result: " + out)).substring(7);
        result = result.substring(0, result.length() - 1) + ",\"load1m_x100\":" + Math.round(Double.parseDouble(load) * 100) + "}";
        System.out.println(result);
        return result;
    }

    /** A photo-like JPEG: smooth gradients with sensor-like noise, about 1 MB per 6 MP at quality 0.9. */
    private static byte[] photo(int width, int height, long seed) throws Exception {
        Random random = new Random(seed);
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                int n = random.nextInt(24) - 12;
                int r = clamp(x * 255 / width + n), g = clamp(y * 255 / height + n), b = clamp(((x + y) / 12) % 256 + n);
                image.setRGB(x, y, (r << 16) | (g << 8) | b);
            }
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(image, "jpeg", out);
        return out.toByteArray();
    }

    private static int clamp(int v) {
        return Math.max(0, Math.min(255, v));
    }
}

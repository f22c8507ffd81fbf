import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.imagepipe.config.Config;
import io.imagepipe.config.ConfigLoader;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import javax.imageio.ImageIO;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Object;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * bench/soak.sh's driver: runs the built jar's local mode as a child process, pushes uploads through it
 * while killing (-9) and stopping (SIGTERM) it, overwriting and deleting, and uploading poison files;
 * then compares what is in the output bucket with what is in the source bucket.
 *
 * Run: java -cp target/imagepipe.jar bench/SoakDriver.java JAR UPLOADS POISON WORKDIR
 */
public class SoakDriver {
    static final String ACCESS = "imagepipe";
    static final String SECRET = "imagepipe-local-secret";

    final String jar;
    final Path work;
    final Path log;
    final int s3Port = freePort();
    final int sqsPort = freePort();
    final int httpPort = freePort();
    Process service;
    S3Client s3;
    SqsClient sqs;
    final Map<String, Integer> versionsUploaded = new ConcurrentHashMap<>();
    final Set<String> deleted = ConcurrentHashMap.newKeySet();
    final Set<String> poison = ConcurrentHashMap.newKeySet();
    final Map<String, Object> figures = new TreeMap<>();
    final Config config = new ConfigLoader(Map.of("IMAGEPIPE_QUEUE_URL", "unused"), Map.of()).load();

    SoakDriver(String jar, Path work) {
        this.jar = jar;
        this.work = work;
        this.log = work.resolve("service.log");
    }

    public static void main(String[] args) throws Exception {
        String jar = args[0];
        int uploads = Integer.parseInt(args[1]);
        int poisonCount = Integer.parseInt(args[2]);
        Path work = Path.of(args[3]);
        Files.createDirectories(work);
        SoakDriver d = new SoakDriver(jar, work);
        long started = System.nanoTime();
        try {
            d.run(uploads, poisonCount);
        } finally {
            if (d.service != null && d.service.isAlive()) {
                d.service.destroy();
                d.service.waitFor();
            }
        }
        d.figures.put("total_seconds", (System.nanoTime() - started) / 1_000_000_000L);
        d.figures.forEach((k, v) -> System.out.println(k + " " + v));
    }

    void run(int uploads, int poisonCount) throws Exception {
        startService();
        var credentials = StaticCredentialsProvider.create(AwsBasicCredentials.create(ACCESS, SECRET));
        s3 = S3Client.builder().endpointOverride(URI.create("http://127.0.0.1:" + s3Port)).region(Region.US_EAST_1)
                .forcePathStyle(true).credentialsProvider(credentials).build();
        sqs = SqsClient.builder().endpointOverride(URI.create("http://127.0.0.1:" + sqsPort)).region(Region.US_EAST_1)
                .credentialsProvider(credentials).build();
        int valid = uploads - poisonCount;
        int third = valid / 3;

        say("phase 1: " + third + " uploads, then kill -9 while they are processed");
        upload(0, third);
        killHard();
        startService();

        say("phase 2: " + third + " uploads, then SIGTERM during the burst");
        upload(third, 2 * third);
        long stopMs = stopGracefully();
        figures.put("sigterm_exit_ms", stopMs);
        startService();

        say("phase 3: the rest, " + poisonCount + " poison files, a burst of overwrites and deletes, then kill -9");
        upload(2 * third, valid);
        uploadPoison(poisonCount);
        burst(valid);
        killHard();
        startService();

        say("waiting for the queue to drain");
        awaitQuiet();
        verify();
    }

    void upload(int from, int to) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(8);
        List<Future<?>> all = new ArrayList<>();
        for (int i = from; i < to; i++) {
            int n = i;
            all.add(pool.submit(() -> put(key(n), jpeg(n, 0))));
        }
        for (Future<?> f : all) {
            f.get();
        }
        pool.shutdown();
    }

    void uploadPoison(int count) {
        for (int i = 0; i < count; i++) {
            String key = "poison/bad-" + i + ".jpg";
            byte[] good = jpeg(i, 7);
            byte[] truncated = java.util.Arrays.copyOf(good, good.length / 3);
            put(key, truncated);
            poison.add(key);
        }
    }

    /** Overwrites of 10% of the keys (some twice, quickly), deletes of 5%, and 1% deleted then re-created. */
    void burst(int valid) throws Exception {
        Random random = new Random(42);
        ExecutorService pool = Executors.newFixedThreadPool(8);
        List<Future<?>> all = new ArrayList<>();
        Set<Integer> touched = new HashSet<>();
        for (int i = 0; i < valid / 10; i++) {
            int n = random.nextInt(valid);
            if (touched.add(n)) {
                all.add(pool.submit(() -> {
                    put(key(n), jpeg(n, 1));
                    if (n % 3 == 0) {
                        put(key(n), jpeg(n, 2));
                    }
                }));
            }
        }
        for (int i = 0; i < valid / 20; i++) {
            int n = random.nextInt(valid);
            if (touched.add(n)) {
                all.add(pool.submit(() -> delete(key(n))));
            }
        }
        for (int i = 0; i < valid / 100; i++) {
            int n = random.nextInt(valid);
            if (touched.add(n)) {
                all.add(pool.submit(() -> {
                    delete(key(n));
                    put(key(n), jpeg(n, 3));
                }));
            }
        }
        for (Future<?> f : all) {
            f.get();
        }
        pool.shutdown();
    }

    static String key(int n) {
        return "soak/" + (n % 50) + "/image " + n + ".jpg";
    }

    void put(String key, byte[] bytes) {
        retry(() -> s3.putObject(b -> b.bucket("uploads").key(key).contentType("image/jpeg"), RequestBody.fromBytes(bytes)));
        versionsUploaded.merge(key, 1, Integer::sum);
        deleted.remove(key);
    }

    void delete(String key) {
        retry(() -> s3.deleteObject(b -> b.bucket("uploads").key(key)));
        deleted.add(key);
    }

    static void retry(Runnable action) {
        for (int attempt = 1; ; attempt++) {
            try {
                action.run();
                return;
            } catch (RuntimeException e) {
                if (attempt >= 60) {
                    throw e;
                }
                sleep(1000);
            }
        }
    }

    static byte[] jpeg(int n, int version) {
        Random r = new Random(n * 31L + version);
        int w = 320 + r.nextInt(320);
        int h = 240 + r.nextInt(240);
        BufferedImage image = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        int base = r.nextInt(0xffffff);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                image.setRGB(x, y, base ^ (x * 3 + y * 5 + version * 77));
            }
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            ImageIO.write(image, "jpeg", out);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return out.toByteArray();
    }

    void startService() throws Exception {
        long t = System.nanoTime();
        ProcessBuilder pb = new ProcessBuilder("java", "-Xmx1g", "-jar", jar, "local", "--data",
                work.resolve("data").toString(), "--s3-port", Integer.toString(s3Port), "--sqs-port",
                Integer.toString(sqsPort), "--http-port", Integer.toString(httpPort));
        pb.environment().put("IMAGEPIPE_WORKERS", "2");
        pb.redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        service = pb.start();
        HttpClient http = HttpClient.newHttpClient();
        long deadline = System.nanoTime() + Duration.ofMinutes(4).toNanos();
        while (true) {
            if (!service.isAlive()) {
                throw new IllegalStateException("the service exited with " + service.exitValue() + "; see " + log);
            }
            try {
                var r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort + "/health/ready"))
                        .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.discarding());
                if (r.statusCode() == 200) {
                    break;
                }
            } catch (IOException e) {
                // not listening yet
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the service did not become ready in 4 minutes; see " + log);
            }
            sleep(500);
        }
        say("service ready in " + (System.nanoTime() - t) / 1_000_000 + " ms (pid " + service.pid() + ")");
        figures.merge("starts", 1, (a, b) -> (Integer) a + (Integer) b);
    }

    void killHard() throws Exception {
        say("kill -9 " + service.pid() + " with " + queueDepth() + " messages queued or in flight");
        service.destroyForcibly();
        service.waitFor();
        figures.merge("kill9", 1, (a, b) -> (Integer) a + (Integer) b);
    }

    long stopGracefully() throws Exception {
        say("SIGTERM " + service.pid() + " with " + queueDepth() + " messages queued or in flight");
        long t = System.nanoTime();
        service.destroy();
        service.waitFor();
        return (System.nanoTime() - t) / 1_000_000;
    }

    long queueDepth() {
        try {
            String url = sqs.getQueueUrl(b -> b.queueName("imagepipe-events")).queueUrl();
            var a = sqs.getQueueAttributes(b -> b.queueUrl(url).attributeNames(
                    QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES,
                    QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE)).attributes();
            return a.values().stream().mapToLong(Long::parseLong).sum();
        } catch (RuntimeException e) {
            return -1;
        }
    }

    /** The queue empty for 15 s in a row (the start-up backfill and every message done). */
    void awaitQuiet() {
        long t = System.nanoTime();
        int quiet = 0;
        while (quiet < 30) {
            quiet = queueDepth() == 0 ? quiet + 1 : 0;
            sleep(500);
        }
        figures.put("drain_seconds_after_last_restart", (System.nanoTime() - t) / 1_000_000_000L);
    }

    void verify() throws Exception {
        ObjectMapper json = new ObjectMapper();
        Map<String, String> sources = new HashMap<>();
        for (S3Object o : s3.listObjectsV2Paginator(b -> b.bucket("uploads")).contents()) {
            sources.put(o.key(), o.eTag().replace("\"", ""));
        }
        Set<String> outputs = new HashSet<>();
        for (S3Object o : s3.listObjectsV2Paginator(b -> b.bucket("renditions")).contents()) {
            outputs.add(o.key());
        }
        int lost = 0;
        int stale = 0;
        int rejected = 0;
        Set<String> listedByManifests = new HashSet<>();
        for (var source : sources.entrySet()) {
            String manifestKey = config.manifestKey(source.getKey());
            if (!outputs.contains(manifestKey)) {
                lost++;
                say("lost: " + source.getKey());
                continue;
            }
            listedByManifests.add(manifestKey);
            JsonNode manifest = json.readTree(s3.getObjectAsBytes(b -> b.bucket("renditions").key(manifestKey)).asByteArray());
            boolean current = source.getValue().equals(manifest.at("/source/eTag").asText());
            for (JsonNode r : manifest.path("renditions")) {
                listedByManifests.add(r.path("key").asText());
                current &= outputs.contains(r.path("key").asText());
            }
            if (!current) {
                stale++;
                say("stale: " + source.getKey());
            }
            if ("rejected".equals(manifest.path("status").asText())) {
                rejected++;
                if (!poison.contains(source.getKey())) {
                    say("rejected but valid: " + source.getKey());
                }
            }
        }
        Set<String> leftovers = new HashSet<>(outputs);
        leftovers.removeAll(listedByManifests);
        leftovers.forEach(k -> say("output of no current source: " + k));
        figures.put("sources_in_bucket", sources.size());
        figures.put("deleted_sources", deleted.size());
        figures.put("versions_uploaded", versionsUploaded.values().stream().mapToInt(Integer::intValue).sum());
        figures.put("lost", lost);
        figures.put("stale", stale + leftovers.size());
        figures.put("rejected_manifests", rejected);
        figures.put("poison_files", poison.size());

        // Work done more than once: "processed" log lines beyond one per version uploaded of that key.
        Map<String, Integer> processed = new HashMap<>();
        for (String line : Files.readAllLines(log)) {
            int at = line.indexOf(" processed s3://uploads/");
            if (at >= 0) {
                String rest = line.substring(at + " processed s3://uploads/".length());
                int colon = rest.lastIndexOf(": ");
                processed.merge(colon < 0 ? rest : rest.substring(0, colon), 1, Integer::sum);
            }
        }
        int duplicated = 0;
        for (var e : processed.entrySet()) {
            duplicated += Math.max(0, e.getValue() - versionsUploaded.getOrDefault(e.getKey(), 0));
        }
        figures.put("processed_log_lines", processed.values().stream().mapToInt(Integer::intValue).sum());
        figures.put("duplicated_work", duplicated);

        String dlq = sqs.getQueueUrl(b -> b.queueName("imagepipe-events-dlq")).queueUrl();
        Map<String, Integer> reasons = new TreeMap<>();
        Set<String> seen = new HashSet<>();
        Set<String> dlqSources = new HashSet<>();
        for (int empty = 0; empty < 2; ) {
            List<Message> batch = sqs.receiveMessage(b -> b.queueUrl(dlq).maxNumberOfMessages(10).waitTimeSeconds(1)
                    .visibilityTimeout(120).messageAttributeNames("All")).messages();
            int before = seen.size();
            for (Message m : batch) {
                if (seen.add(m.messageId())) {
                    dlqSources.add(m.body().replaceAll("(?s).*\"key\":\"([^\"]*)\".*", "$1"));
                    var reason = m.messageAttributes().get("imagepipe-reason");
                    reasons.merge(reason == null ? "none" : reason.stringValue(), 1, Integer::sum);
                }
            }
            empty = seen.size() == before ? empty + 1 : 0;
        }
        figures.put("dead_lettered", seen.size());
        figures.put("dead_lettered_distinct_sources", dlqSources.size());
        figures.put("dead_lettered_by_reason", reasons);
        List<String> logLines = Files.readAllLines(log);
        figures.put("startup_backfill_lines", logLines.stream().filter(l -> l.contains("start-up backfill:")).map(
                l -> l.substring(l.indexOf("start-up backfill:"))).toList());
    }

    static int freePort() {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    static void say(String line) {
        System.out.println("[soak " + java.time.LocalTime.now().withNano(0) + "] " + line);
    }
}

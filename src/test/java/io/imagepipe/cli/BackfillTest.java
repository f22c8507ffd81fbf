package io.imagepipe.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.imagepipe.config.Config;
import io.imagepipe.config.ConfigLoader;
import io.imagepipe.core.ImageProcessor;
import io.imagepipe.event.EventParser;
import io.imagepipe.event.ObjectEvent;
import io.imagepipe.event.ObjectEventKind;
import io.imagepipe.local.LocalEnvironment;
import io.imagepipe.pipeline.ImagePipeline;
import io.imagepipe.pipeline.PipelineMetrics;
import io.imagepipe.pipeline.PixelBudget;
import io.imagepipe.pipeline.WorkerPool;
import io.imagepipe.storage.ObjectStore;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Object;
import software.amazon.awssdk.services.sqs.model.Message;

/**
 * The backfill against real S3 and SQS (local mode's servers, no consumer running): what it sends for
 * missing, stale and orphaned outputs, and nothing for current ones.
 */
class BackfillTest {
    private static LocalEnvironment env;
    private static S3Client s3;
    private static CommandClients clients;
    private static Config config;

    @BeforeAll
    static void start() {
        env = LocalEnvironment.start(LocalEnvironment.Options.ephemeral());
        config = config(Map.of());
        clients = new CommandClients(config, env.credentialsProvider(), 16);
        s3 = S3Client.builder().endpointOverride(env.s3Endpoint()).region(software.amazon.awssdk.regions.Region.US_EAST_1)
                .forcePathStyle(true).credentialsProvider(env.credentialsProvider()).build();
    }

    @AfterAll
    static void stop() {
        s3.close();
        clients.close();
        env.close();
    }

    @BeforeEach
    void emptyBucketsAndQueue() {
        for (String bucket : List.of("uploads", "renditions")) {
            for (S3Object o : s3.listObjectsV2Paginator(b -> b.bucket(bucket)).contents()) {
                s3.deleteObject(b -> b.bucket(bucket).key(o.key()));
            }
        }
        drain();
    }

    private static Config config(Map<String, String> extra) {
        Map<String, String> e = new HashMap<>(Map.of("IMAGEPIPE_QUEUE_URL", env.queueUrl(),
                "IMAGEPIPE_S3_ENDPOINT", env.s3Endpoint().toString(), "IMAGEPIPE_SQS_ENDPOINT",
                env.sqsEndpoint().toString(), "IMAGEPIPE_WORKERS", "2"));
        e.putAll(extra);
        return new ConfigLoader(e, Map.of()).load();
    }

    @Test
    void sourcesWithoutCurrentOutputsAreEnqueuedAsS3NotificationsAndCurrentOnesAreNot() throws Exception {
        upload("a.jpg", 0x3366cc);
        upload("photos/b c+é.jpg", 0x33cc66);
        upload("other/skip.jpg", 0x999999);
        drain(); // the uploads' own notifications are "lost"

        Backfill.Totals first = backfill(config, Backfill.Options.defaults(), inProcess(config));
        assertThat(first.listed()).isEqualTo(3);
        assertThat(first.toSend()).containsEntry("no_manifest", 3L);
        assertThat(first.delivered()).containsEntry("processed", 3L);

        Backfill.Totals again = backfill(config, Backfill.Options.defaults(), queue());
        assertThat(again.upToDate()).isEqualTo(3);
        assertThat(again.sent()).isZero();
        assertThat(drain()).isEmpty();

        upload("a.jpg", 0xcc3333); // overwritten while its event was lost
        drain();
        backfill(config, Backfill.Options.defaults(), queue());
        List<ObjectEvent> sent = drain();
        assertThat(sent).singleElement().satisfies(e -> {
            assertThat(e.kind()).isEqualTo(ObjectEventKind.CREATED);
            assertThat(e.key()).isEqualTo("a.jpg");
            assertThat(e.eTag()).isEqualTo(s3.headObject(b -> b.bucket("uploads").key("a.jpg")).eTag().replace("\"", ""));
        });
    }

    @Test
    void aChangedRenditionSetMakesEverySourceStaleAndThePrefixLimitsTheWalk() throws Exception {
        upload("keep/a.jpg", 0x3366cc);
        upload("keep/b.jpg", 0x3366cc);
        upload("elsewhere/c.jpg", 0x3366cc);
        drain();
        backfill(config, Backfill.Options.defaults(), inProcess(config));

        Config changed = config(Map.of("IMAGEPIPE_RENDITIONS", "thumb=100x100:fill"));
        Backfill.Options keepOnly = new Backfill.Options(List.of(), "keep/", false, false, false, 1000, 4);
        Backfill.Totals totals = backfill(changed, keepOnly, queue());

        assertThat(totals.listed()).isEqualTo(2);
        assertThat(totals.toSend()).containsEntry("other_config", 2L);
        assertThat(drain()).extracting(ObjectEvent::key).containsExactlyInAnyOrder("keep/a.jpg", "keep/b.jpg");
    }

    @Test
    void pruneRemovesTheOutputsOfDeletedSourcesThroughThePipeline() throws Exception {
        upload("gone.jpg", 0x3366cc);
        upload("stays.jpg", 0x3366cc);
        drain();
        backfill(config, Backfill.Options.defaults(), inProcess(config));
        s3.deleteObject(b -> b.bucket("uploads").key("gone.jpg"));
        drain(); // the delete's notification is lost

        Backfill.Totals dry = backfill(config, Backfill.Options.defaults().withPrune(true).withDryRun(), queue());
        assertThat(dry.orphans()).isEqualTo(1);
        assertThat(drain()).as("a dry run sends nothing").isEmpty();

        Backfill.Totals pruned = backfill(config, Backfill.Options.defaults().withPrune(true), inProcess(config));
        assertThat(pruned.delivered()).containsEntry("removed", 1L);
        assertThat(keys("renditions")).noneMatch(k -> k.contains("gone")).anyMatch(k -> k.contains("stays"));
    }

    @Test
    void theCommandPrintsWhatADryRunWouldDo() {
        upload("dry/x.jpg", 0x3366cc);
        drain();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        Map<String, String> e = Map.of("IMAGEPIPE_QUEUE_URL", env.queueUrl(),
                "IMAGEPIPE_S3_ENDPOINT", env.s3Endpoint().toString(), "IMAGEPIPE_SQS_ENDPOINT", env.sqsEndpoint().toString());

        int status = new BackfillCommand(new PrintStream(out, true), new PrintStream(err, true))
                .run(List.of("--dry-run", "--prefix", "dry/"), e, env.credentialsProvider());

        assertThat(status).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("would process s3://uploads/dry/x.jpg (no manifest)");
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("backfill: listed 1, up to date 0");
        assertThat(drain()).isEmpty();
    }

    @Test
    void unknownOptionsAndBucketsAreUsageErrors() {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        BackfillCommand command = new BackfillCommand(new PrintStream(new ByteArrayOutputStream()), new PrintStream(err, true));
        Map<String, String> e = Map.of("IMAGEPIPE_QUEUE_URL", env.queueUrl());

        assertThat(command.run(List.of("--frobnicate"), e, env.credentialsProvider())).isEqualTo(2);
        assertThat(command.run(List.of("--bucket", "not-a-source"), e, env.credentialsProvider())).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("unknown option --frobnicate")
                .contains("--bucket not-a-source is not one of IMAGEPIPE_SOURCE_BUCKETS");
    }

    private static Backfill.Totals backfill(Config c, Backfill.Options options, EventSink sink) throws Exception {
        return new Backfill(c, clients.s3(), sink, options, new PrintStream(new ByteArrayOutputStream())).run(l -> { });
    }

    private static EventSink queue() {
        return new QueueSink(clients.sqs(), env.queueUrl());
    }

    private static EventSink inProcess(Config c) {
        WorkerPool workers = new WorkerPool(2);
        return new PipelineSink(new ImagePipeline(c, new ObjectStore(clients.s3()), new ImageProcessor(c.limits()),
                workers, new PixelBudget(c.pixelBudget()), new PipelineMetrics(new SimpleMeterRegistry())));
    }

    private static void upload(String key, int rgb) {
        BufferedImage image = new BufferedImage(64, 48, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < 48; y++) {
            for (int x = 0; x < 64; x++) {
                image.setRGB(x, y, rgb ^ (x * y));
            }
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try {
            ImageIO.write(image, "jpeg", bytes);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
        s3.putObject(b -> b.bucket("uploads").key(key).contentType("image/jpeg"), RequestBody.fromBytes(bytes.toByteArray()));
    }

    private static List<String> keys(String bucket) {
        return s3.listObjectsV2Paginator(b -> b.bucket(bucket)).contents().stream().map(S3Object::key).toList();
    }

    /** Everything in the queue, parsed, and the queue left empty. */
    private static List<ObjectEvent> drain() {
        List<ObjectEvent> events = new ArrayList<>();
        EventParser parser = new EventParser();
        while (true) {
            List<Message> batch = clients.sqs().receiveMessage(b -> b.queueUrl(env.queueUrl()).maxNumberOfMessages(10)
                    .waitTimeSeconds(0).visibilityTimeout(30)).join().messages();
            if (batch.isEmpty()) {
                return events;
            }
            for (Message m : batch) {
                try {
                    events.addAll(parser.parse(m.body()).events());
                } catch (Exception e) {
                    throw new AssertionError("not an S3 notification: " + m.body(), e);
                }
                clients.sqs().deleteMessage(b -> b.queueUrl(env.queueUrl()).receiptHandle(m.receiptHandle())).join();
            }
        }
    }
}

package io.imagepipe.app;

import static io.imagepipe.app.LocalService.eventually;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.zip.CRC32;
import java.util.zip.Deflater;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.sqs.model.Message;

/**
 * Hostile uploads and messages through the whole service (local mode): each ends as a named
 * outcome (a processed or rejected manifest with the reason, and the DLQ with that reason), the
 * service stays up, and a valid upload afterwards is processed as usual. Declared-dimension bombs
 * of every format and probe-level chunk bombs are covered in core (DeclaredDimensionBombTest,
 * CompressedChunkBombTest), fuzzing in FormatProbeFuzzTest and EventParserFuzzTest.
 */
class HostileInputTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static LocalService local;

    @BeforeAll
    static void start() {
        local = new LocalService(Map.of("IMAGEPIPE_RENDITIONS", "thumb=64x64:fill",
                "IMAGEPIPE_MAX_SOURCE_BYTES", "2000000"));
    }

    @AfterAll
    static void stop() {
        local.close();
    }

    /** What each hostile upload must end as: a manifest status, and the rejection reason if rejected. */
    private record Expect(byte[] bytes, String contentType, Set<String> acceptable) {
    }

    @Test
    void everyHostileInputEndsAsANamedOutcomeAndTheServiceStaysUp() throws Exception {
        byte[] jpeg = TestImages.jpeg(640, 480);
        byte[] png = TestImages.png(320, 240);
        byte[] flipped = jpeg.clone();
        for (int i = flipped.length / 3; i < flipped.length / 3 + 64; i += 7) {
            flipped[i] ^= 0x5A;
        }
        Map<String, Expect> uploads = new LinkedHashMap<>();
        uploads.put("hostile/zero.jpg", new Expect(new byte[0], "image/jpeg", Set.of("rejected:unsupported")));
        uploads.put("hostile/over-the-byte-limit.png", new Expect(TestImages.noisePng(1000, 1000, 3), "image/png",
                Set.of("rejected:too_large")));
        uploads.put("hostile/truncated.png", new Expect(java.util.Arrays.copyOf(png, png.length / 2), "image/png",
                Set.of("rejected:corrupt")));
        uploads.put("hostile/truncated.jpg", new Expect(TestImages.truncatedJpeg(640, 480), "image/jpeg",
                Set.of("rejected:corrupt")));
        uploads.put("hostile/bit-flipped.jpg", new Expect(flipped, "image/jpeg",
                Set.of("processed", "rejected:corrupt")));
        uploads.put("hostile/png-named.jpg", new Expect(png, "image/jpeg", Set.of("processed")));
        uploads.put("hostile/text.png", new Expect("<html>not an image</html>".getBytes(StandardCharsets.UTF_8),
                "image/png", Set.of("rejected:unsupported")));
        uploads.put("hostile/ztxt-bomb.png", new Expect(withZtxtBomb(png, 32L << 20), "image/png",
                Set.of("processed")));
        uploads.put("hostile/ünïcode 猫 😀.jpg", new Expect(jpeg, "image/jpeg", Set.of("processed")));
        uploads.put("hostile/spaces and %41 %zz percent+plus.jpg", new Expect(jpeg, "image/jpeg", Set.of("processed")));
        uploads.put("hostile/new\nline\r\u001b[31m.jpg", new Expect(jpeg, "image/jpeg", Set.of("processed")));
        String longKey = "hostile/" + "k".repeat(1024 - "hostile/".length() - ".jpg".length()) + ".jpg";
        assertThat(longKey.getBytes(StandardCharsets.UTF_8)).hasSize(1024);
        // Real S3 refuses output keys over 1024 bytes (s3_KeyTooLongError); s3proxy in memory takes them.
        uploads.put(longKey, new Expect(jpeg, "image/jpeg", Set.of("processed", "no manifest:s3_KeyTooLongError")));

        uploads.forEach((key, e) -> local.s3.putObject(b -> b.bucket("uploads").key(key).contentType(e.contentType()),
                RequestBody.fromBytes(e.bytes())));
        List<String> messages = List.of("{not json", "[".repeat(10_000) + "]".repeat(10_000),
                "[" + "1,".repeat(100_000) + "x]", manyRecords(3000));
        for (String body : messages) {
            local.sqs.sendMessage(b -> b.queueUrl(local.queueUrl()).messageBody(body));
        }

        ConvergenceChecker checker = new ConvergenceChecker(local.s3, local.sqs, "uploads", "renditions");
        checker.awaitDrained(local.queueUrl(), () -> local.mode.service().inFlight());

        List<String> deadReasons = new ArrayList<>();
        while (true) {
            List<Message> got = local.sqs.receiveMessage(b -> b.queueUrl(local.dlqUrl()).maxNumberOfMessages(10)
                    .waitTimeSeconds(1).messageAttributeNames("All")).messages();
            if (got.isEmpty()) {
                break;
            }
            for (Message m : got) {
                deadReasons.add(m.messageAttributes().get("imagepipe-reason").stringValue());
                local.sqs.deleteMessage(b -> b.queueUrl(local.dlqUrl()).receiptHandle(m.receiptHandle()));
            }
        }
        List<String> expectedDead = new ArrayList<>(List.of("malformed_message", "malformed_message",
                "malformed_message", "too_many_records"));
        for (Map.Entry<String, Expect> u : uploads.entrySet()) {
            JsonNode manifest;
            try {
                manifest = JSON.readTree(local.s3.getObjectAsBytes(b -> b.bucket("renditions")
                        .key("manifests/" + u.getKey() + ".json")).asByteArray());
            } catch (software.amazon.awssdk.services.s3.model.S3Exception noManifest) {
                // Only where S3 cannot hold the manifest's key at all: then the DLQ says why.
                assertThat("no manifest:s3_KeyTooLongError").as("outcome of %s", u.getKey())
                        .isIn(u.getValue().acceptable());
                expectedDead.add("s3_KeyTooLongError");
                continue;
            }
            String status = manifest.path("status").asText();
            String outcome = status.equals("rejected") ? "rejected:" + manifest.path("error").path("reason").asText()
                    : status;
            assertThat(outcome).as("outcome of %s", u.getKey().replace("\n", "\\n")).isIn(u.getValue().acceptable());
            if (status.equals("rejected")) {
                expectedDead.add(manifest.path("error").path("reason").asText());
            }
        }
        assertThat(deadReasons).as("the DLQ holds each rejection once, with its reason")
                .containsExactlyInAnyOrderElementsOf(expectedDead);

        // Still up: the consumer keeps receiving and the next upload is processed as usual.
        assertThat(local.mode.service().inFlight()).isZero();
        double processed = local.outcomes("processed");
        local.s3.putObject(b -> b.bucket("uploads").key("after/fine.jpg"), RequestBody.fromBytes(jpeg));
        eventually("a valid upload afterwards is processed", () -> local.outcomes("processed") > processed);
    }

    private static String manyRecords(int n) {
        StringBuilder b = new StringBuilder("{\"Records\":[");
        for (int i = 0; i < n; i++) {
            b.append(i == 0 ? "" : ",").append("{\"eventVersion\":\"2.1\",\"eventSource\":\"aws:s3\",")
                    .append("\"eventName\":\"ObjectCreated:Put\",\"s3\":{\"bucket\":{\"name\":\"uploads\"},")
                    .append("\"object\":{\"key\":\"many/").append(i).append(".jpg\",\"size\":10}}}");
        }
        return b.append("]}").toString();
    }

    /** {@code png} with a zTXt chunk after IHDR whose text inflates to {@code inflated} bytes. */
    private static byte[] withZtxtBomb(byte[] png, long inflated) {
        ByteArrayOutputStream data = new ByteArrayOutputStream();
        data.writeBytes("Comment".getBytes(StandardCharsets.ISO_8859_1));
        data.write(0);
        data.write(0);
        Deflater deflater = new Deflater(Deflater.BEST_COMPRESSION);
        byte[] zeros = new byte[1 << 20];
        byte[] buffer = new byte[64 << 10];
        for (long fed = 0; fed < inflated; fed += zeros.length) {
            deflater.setInput(zeros);
            while (!deflater.needsInput()) {
                data.write(buffer, 0, deflater.deflate(buffer));
            }
        }
        deflater.finish();
        while (!deflater.finished()) {
            data.write(buffer, 0, deflater.deflate(buffer));
        }
        deflater.end();
        byte[] chunk = data.toByteArray();
        int ihdrEnd = 8 + 12 + 13;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(png, 0, ihdrEnd);
        byte[] type = "zTXt".getBytes(StandardCharsets.ISO_8859_1);
        out.writeBytes(java.nio.ByteBuffer.allocate(4).putInt(chunk.length).array());
        out.writeBytes(type);
        out.writeBytes(chunk);
        CRC32 crc = new CRC32();
        crc.update(type);
        crc.update(chunk);
        out.writeBytes(java.nio.ByteBuffer.allocate(4).putInt((int) crc.getValue()).array());
        out.write(png, ihdrEnd, png.length - ihdrEnd);
        return out.toByteArray();
    }
}

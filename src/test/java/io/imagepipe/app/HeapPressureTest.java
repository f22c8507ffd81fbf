package io.imagepipe.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.imagepipe.local.LocalEnvironment;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.zip.CRC32;
import java.util.zip.Deflater;
import java.util.zip.DeflaterOutputStream;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.MemoryCacheImageOutputStream;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * Fault injection, case 7: heap pressure. The service runs in a child JVM with {@code -Xmx512m}
 * and its default memory budget, against the real S3 and SQS this JVM runs; 8 sources of each
 * format (JPEG, PNG, lossless WebP, TIFF), each just under the 50 MP default limit, are uploaded at
 * once with every message allowed in flight together. Every one must end processed, with no
 * OutOfMemoryError anywhere in the child and nothing retried for memory, rejected or dead-lettered.
 */
class HeapPressureTest {
    private static final int WIDTH = 7000;
    private static final int HEIGHT = 7100; // 49.7 MP, under the 50 MP default
    private static final int PER_FORMAT = 8;
    private static final Duration PATIENCE = Duration.ofMinutes(6);

    @Test
    void eightConcurrent50MegapixelSourcesOfEachFormatAllProcessAtHalfAGigabyteOfHeap() throws Exception {
        long t0 = System.nanoTime();
        Map<String, byte[]> formats = sources();
        long generated = System.nanoTime();
        Path log = Path.of("target", "heap-pressure-child.log");
        Files.createDirectories(log.getParent());
        try (LocalEnvironment env = LocalEnvironment.start(LocalEnvironment.Options.ephemeral());
             S3Client s3 = S3Client.builder().endpointOverride(env.s3Endpoint()).region(Region.US_EAST_1)
                     .forcePathStyle(true).credentialsProvider(env.credentialsProvider()).build();
             SqsClient sqs = SqsClient.builder().endpointOverride(env.sqsEndpoint()).region(Region.US_EAST_1)
                     .credentialsProvider(env.credentialsProvider()).build()) {
            String source = env.options().sourceBuckets().get(0);
            String output = env.options().otherBuckets().get(0);
            Process child = startService(env, source, output, log);
            try {
                List<String> keys = uploadAtOnce(s3, source, formats);
                long uploaded = System.nanoTime();
                ConvergenceChecker checker = new ConvergenceChecker(s3, sqs, source, output);
                awaitManifests(s3, output, keys, child, log);
                System.out.printf("heap pressure: generated 4 sources in %d ms, %d uploads processed %d ms after"
                                + " the last upload%n", (generated - t0) / 1_000_000, keys.size(),
                        (System.nanoTime() - uploaded) / 1_000_000);

                String childLog = Files.readString(log);
                assertThat(childLog).as("the child's output (%s)", log).doesNotContain("java.lang.OutOfMemoryError")
                        .doesNotContain("out_of_memory");
                assertThat(child.isAlive()).as("the service is still running").isTrue();
                String configHash = manifest(s3, output, keys.get(0)).replaceAll("(?s).*\"configHash\"\\s*:\\s*\"([^\"]+)\".*", "$1");
                for (String key : keys) {
                    String stem = key.substring(0, key.lastIndexOf('.'));
                    checker.assertConverged(key, true, "(thumb|medium|large)/" + Pattern.quote(stem) + "\\.\\w+",
                            configHash);
                }
                assertThat(checker.drainDeadLetters(env.dlqUrl())).as("dead-lettered").isEmpty();
            } finally {
                child.destroy();
                if (!child.waitFor(30, TimeUnit.SECONDS)) {
                    child.destroyForcibly();
                }
            }
        }
    }

    /** The service as `imagepipe serve` in its own JVM, its output in {@code log}. */
    private static Process startService(LocalEnvironment env, String source, String output, Path log)
            throws IOException {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        ProcessBuilder builder = new ProcessBuilder(java.toString(), "-Xmx512m", "-cp",
                System.getProperty("java.class.path"), "io.imagepipe.Main", "serve")
                .redirectErrorStream(true).redirectOutput(log.toFile());
        Map<String, String> e = builder.environment();
        e.keySet().removeIf(k -> k.startsWith("IMAGEPIPE_") || k.startsWith("AWS_"));
        e.put("IMAGEPIPE_SOURCE_BUCKETS", source);
        e.put("IMAGEPIPE_OUTPUT_BUCKET", output);
        e.put("IMAGEPIPE_QUEUE_URL", env.queueUrl());
        e.put("IMAGEPIPE_DLQ_URL", env.dlqUrl());
        e.put("IMAGEPIPE_S3_ENDPOINT", env.s3Endpoint().toString());
        e.put("IMAGEPIPE_SQS_ENDPOINT", env.sqsEndpoint().toString());
        e.put("IMAGEPIPE_S3_PATH_STYLE", "true");
        e.put("IMAGEPIPE_REGION", env.region());
        e.put("IMAGEPIPE_HTTP_HOST", "127.0.0.1");
        e.put("IMAGEPIPE_HTTP_PORT", "0");
        e.put("IMAGEPIPE_LOG_FORMAT", "text");
        e.put("IMAGEPIPE_WORKERS", "2");
        // Every message in flight at once: without the download reservation, all 32 sources would be
        // buffered together before the budget saw any of them.
        e.put("IMAGEPIPE_MAX_INFLIGHT", Integer.toString(4 * PER_FORMAT));
        e.put("AWS_ACCESS_KEY_ID", env.accessKey());
        e.put("AWS_SECRET_ACCESS_KEY", env.secretKey());
        e.put("AWS_REGION", env.region());
        e.put("AWS_EC2_METADATA_DISABLED", "true");
        return builder.start();
    }

    private static List<String> uploadAtOnce(S3Client s3, String bucket, Map<String, byte[]> formats)
            throws Exception {
        List<String> keys = new ArrayList<>();
        List<CompletableFuture<Void>> puts = new ArrayList<>();
        ExecutorService uploaders = Executors.newFixedThreadPool(8);
        try {
            for (int i = 0; i < PER_FORMAT; i++) {
                for (Map.Entry<String, byte[]> f : formats.entrySet()) {
                    String key = "heap/" + f.getKey() + "-" + i + "." + f.getKey();
                    keys.add(key);
                    puts.add(CompletableFuture.runAsync(() -> s3.putObject(b -> b.bucket(bucket).key(key),
                            RequestBody.fromBytes(f.getValue())), uploaders));
                }
            }
            CompletableFuture.allOf(puts.toArray(CompletableFuture[]::new)).get(2, TimeUnit.MINUTES);
        } finally {
            uploaders.shutdownNow();
        }
        return keys;
    }

    private static void awaitManifests(S3Client s3, String output, List<String> keys, Process child, Path log)
            throws Exception {
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        List<String> waiting = new ArrayList<>(keys);
        while (!waiting.isEmpty()) {
            waiting.removeIf(k -> {
                String m = manifest(s3, output, k);
                return m != null && !m.contains("\"status\":\"processing\"");
            });
            if (waiting.isEmpty()) {
                return;
            }
            if (!child.isAlive() || System.nanoTime() > deadline) {
                throw new AssertionError((child.isAlive() ? "timed out after " + PATIENCE : "the service died")
                        + "; no manifest yet for " + waiting + "; child output:\n" + tail(log));
            }
            Thread.sleep(500);
        }
    }

    private static String manifest(S3Client s3, String output, String key) {
        try {
            return s3.getObjectAsBytes(b -> b.bucket(output).key("manifests/" + key + ".json")).asUtf8String();
        } catch (software.amazon.awssdk.services.s3.model.NoSuchKeyException e) {
            return null;
        }
    }

    private static String tail(Path log) throws IOException {
        List<String> lines = Files.readAllLines(log);
        return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
    }

    /** One ~50 MP source per format; flat bands, so they are made and compressed quickly. */
    private static Map<String, byte[]> sources() throws IOException {
        BufferedImage image = new BufferedImage(WIDTH, HEIGHT, BufferedImage.TYPE_3BYTE_BGR);
        Graphics2D g = image.createGraphics();
        Color[] colours = {Color.ORANGE, Color.BLUE, Color.WHITE, new Color(30, 120, 60), Color.MAGENTA};
        for (int i = 0; i < 20; i++) {
            g.setColor(colours[i % colours.length]);
            g.fillRect(0, i * HEIGHT / 20, WIDTH, HEIGHT / 20 + 1);
        }
        g.setColor(Color.BLACK);
        g.fillOval(WIDTH / 4, HEIGHT / 4, WIDTH / 2, HEIGHT / 2);
        g.dispose();
        Map<String, byte[]> formats = new LinkedHashMap<>();
        formats.put("jpg", imageIo(image, "jpeg", null));
        formats.put("png", png(image));
        formats.put("tif", imageIo(image, "tiff", "Deflate"));
        formats.put("webp", losslessWebp(WIDTH, HEIGHT));
        return formats;
    }

    private static byte[] imageIo(BufferedImage image, String format, String compression) throws IOException {
        ImageWriter writer = ImageIO.getImageWritersByFormatName(format).next();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (MemoryCacheImageOutputStream stream = new MemoryCacheImageOutputStream(out)) {
            writer.setOutput(stream);
            ImageWriteParam param = writer.getDefaultWriteParam();
            if (compression != null) {
                param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
                param.setCompressionType(compression);
                param.setCompressionQuality(0f); // the fastest deflate level
            }
            writer.write(null, new IIOImage(image, null, null), param);
        } finally {
            writer.dispose();
        }
        return out.toByteArray();
    }

    /** An 8-bit RGB PNG, rows unfiltered, deflated at the fastest level (ImageIO's writer is slow at 50 MP). */
    private static byte[] png(BufferedImage image) throws IOException {
        byte[] bgr = ((java.awt.image.DataBufferByte) image.getRaster().getDataBuffer()).getData();
        ByteArrayOutputStream idat = new ByteArrayOutputStream();
        try (DeflaterOutputStream z = new DeflaterOutputStream(idat, new Deflater(Deflater.BEST_SPEED), 1 << 16)) {
            byte[] row = new byte[1 + WIDTH * 3];
            for (int y = 0; y < HEIGHT; y++) {
                int at = y * WIDTH * 3;
                for (int x = 0; x < WIDTH; x++) {
                    row[1 + x * 3] = bgr[at + x * 3 + 2];
                    row[2 + x * 3] = bgr[at + x * 3 + 1];
                    row[3 + x * 3] = bgr[at + x * 3];
                }
                z.write(row);
            }
        }
        ByteArrayOutputStream png = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(png);
        out.write(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'});
        ByteBuffer ihdr = ByteBuffer.allocate(13).putInt(WIDTH).putInt(HEIGHT).put((byte) 8).put((byte) 2)
                .put((byte) 0).put((byte) 0).put((byte) 0);
        chunk(out, "IHDR", ihdr.array());
        chunk(out, "IDAT", idat.toByteArray());
        chunk(out, "IEND", new byte[0]);
        return png.toByteArray();
    }

    private static void chunk(DataOutputStream out, String type, byte[] data) throws IOException {
        byte[] name = type.getBytes(StandardCharsets.US_ASCII);
        out.writeInt(data.length);
        out.write(name);
        out.write(data);
        CRC32 crc = new CRC32();
        crc.update(name);
        crc.update(data);
        out.writeInt((int) crc.getValue());
    }

    /**
     * A lossless WebP (VP8L) of 64-pixel checks: no transform, no colour cache, "simple" prefix
     * codes; green takes two values (one bit a pixel), red, blue and alpha one (no bits). The
     * decoder still allocates every pixel.
     */
    private static byte[] losslessWebp(int width, int height) {
        Bits bits = new Bits(width * (long) height / 8 + 64);
        bits.write(width - 1, 14);
        bits.write(height - 1, 14);
        bits.write(0, 1); // no alpha
        bits.write(0, 3); // version
        bits.write(0, 1); // no transform
        bits.write(0, 1); // no colour cache
        bits.write(0, 1); // no meta prefix codes
        simpleCode(bits, 40, 200); // green
        simpleCode(bits, 120);     // red
        simpleCode(bits, 30);      // blue
        simpleCode(bits, 255);     // alpha
        simpleCode(bits, 0);       // distance: never used
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                bits.write(((x >> 6) + (y >> 6)) & 1, 1);
            }
        }
        byte[] vp8l = bits.bytes();
        int chunk = 1 + vp8l.length;
        int padded = chunk + (chunk & 1);
        ByteBuffer b = ByteBuffer.allocate(12 + 8 + padded).order(ByteOrder.LITTLE_ENDIAN);
        b.put("RIFF".getBytes(StandardCharsets.US_ASCII)).putInt(4 + 8 + padded)
                .put("WEBP".getBytes(StandardCharsets.US_ASCII));
        b.put("VP8L".getBytes(StandardCharsets.US_ASCII)).putInt(chunk).put((byte) 0x2F).put(vp8l);
        return b.array();
    }

    private static void simpleCode(Bits bits, int... symbols) {
        bits.write(1, 1);                  // simple code
        bits.write(symbols.length - 1, 1); // one or two symbols
        bits.write(1, 1);                  // first symbol has 8 bits
        bits.write(symbols[0], 8);
        if (symbols.length == 2) {
            bits.write(symbols[1], 8);
        }
    }

    /** Least significant bit first, as VP8L reads. */
    private static final class Bits {
        private final byte[] out;
        private int size;
        private long buffer;
        private int count;

        Bits(long capacity) {
            out = new byte[(int) capacity];
        }

        void write(int value, int n) {
            buffer |= (long) (value & ((1 << n) - 1)) << count;
            count += n;
            while (count >= 8) {
                out[size++] = (byte) buffer;
                buffer >>>= 8;
                count -= 8;
            }
        }

        byte[] bytes() {
            if (count > 0) {
                out[size++] = (byte) buffer;
                buffer = 0;
                count = 0;
            }
            return java.util.Arrays.copyOf(out, size);
        }
    }
}

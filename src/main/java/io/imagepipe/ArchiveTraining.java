package io.imagepipe;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import javax.imageio.ImageIO;

/**
 * Makes the class-data sharing archives beside the jar (run by {@code ./mvnw package}):
 * {@code java -cp imagepipe.jar io.imagepipe.ArchiveTraining resize|service ARCHIVE.jsa}.
 *
 * <p>It starts a training JVM (this JVM's own {@code java}, so the archive matches it; interpreted only,
 * see {@link #make}) with {@code -XX:ArchiveClassesAtExit}: the archive then holds every class that JVM
 * loaded.
 * {@code resize} (target/imagepipe.jsa, about 7 MB) resizes a generated JPEG and PNG with the
 * {@code resize} command. {@code service} (target/imagepipe-service.jsa, about 110 MB) starts
 * {@code local --in-memory}, uploads a generated JPEG through the HTTP API and the signed PUT, waits
 * for its manifest and stops it with SIGTERM: Vert.x, Netty, the AWS SDK, the pipeline, and the
 * embedded S3 and SQS, which {@code serve} shares all but the last of. Two archives because mapping
 * the large one costs {@code resize} more than its own classes save.
 *
 * <p>The archive is written under a temporary name, checked with {@code -Xshare:on} (a JVM that
 * cannot map it refuses to start) and only then renamed: JDK 17 crashes on a truncated archive
 * (SIGBUS while relocating it) instead of ignoring it, so an interrupted build must never leave one
 * under the real name. It never fails the build (exit status 0 whatever happens, with a warning):
 * the archives only make start-up cheaper, and the jar runs the same without them. Same pictures
 * every time; one worker for {@code resize}.
 */
public final class ArchiveTraining {
    private static final String TRAIN = "--train";
    private static final long TIMEOUT_SECONDS = 120;

    private ArchiveTraining() {
    }

    public static void main(String[] args) {
        if (args.length == 1 && args[0].equals(TRAIN)) {
            System.exit(train());
        }
        if (args.length != 2 || !List.of("resize", "service").contains(args[0])) {
            System.err.println("usage: java -cp imagepipe.jar io.imagepipe.ArchiveTraining resize|service ARCHIVE.jsa");
            System.exit(2);
        }
        Path archive = Path.of(args[1]).toAbsolutePath();
        try {
            make(archive, args[0].equals("service"));
            System.err.println("imagepipe: class-data sharing archive " + archive + " (" + Files.size(archive) / 1024
                    + " KiB) for " + System.getProperty("java.vm.name") + " " + System.getProperty("java.vm.version"));
        } catch (IOException | RuntimeException e) {
            deleteStale(archive);
            System.err.println("imagepipe: no class-data sharing archive " + archive.getFileName() + " ("
                    + e.getMessage() + "); the jar is unaffected, it only starts without one");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        System.exit(0);
    }

    private static void make(Path archive, boolean service) throws IOException, InterruptedException {
        Path part = archive.resolveSibling(archive.getFileName() + ".part");
        Files.deleteIfExists(part);
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String classPath = System.getProperty("java.class.path");
        // -Xint: JDK 17 archives what its JIT did to a method in the training run too; one training run
        // left SeparableFilter.horizontal3 never compiled in every JVM that mapped the archive (resize of
        // 24 photos: 21 s of CPU instead of 3.3). Interpreted, the training leaves no such trace.
        // The JDK's notes on classes it cannot archive (JFR events, its own lambdas) are expected: off.
        List<String> training = new ArrayList<>(List.of(java, "-Xint", "-XX:ArchiveClassesAtExit=" + part,
                "-Xlog:cds=off,cds+dynamic=off", "-cp", classPath));
        try {
            if (service) {
                trainService(training);
            } else {
                training.addAll(List.of(ArchiveTraining.class.getName(), TRAIN));
                run(training, "the training run");
            }
            if (!Files.isRegularFile(part)) {
                throw new IOException("this JVM wrote no archive (is its base CDS archive missing?)");
            }
            run(List.of(java, "-Xshare:on", "-XX:SharedArchiveFile=" + part, "-cp", classPath,
                    Main.class.getName(), "--help"), "the check that the JVM maps it");
            Files.move(part, archive, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(part);
        }
    }

    /** {@code local --in-memory}, one upload as the page makes it, its manifest, then SIGTERM: the JVM archives at exit. */
    private static void trainService(List<String> training) throws IOException, InterruptedException {
        int s3 = freePort();
        int sqs = freePort();
        int http = freePort();
        training.addAll(List.of(Main.class.getName(), "local", "--in-memory", "--s3-port", Integer.toString(s3),
                "--sqs-port", Integer.toString(sqs), "--http-port", Integer.toString(http)));
        Path log = Files.createTempFile("imagepipe-cds-training", ".log");
        Process local = new ProcessBuilder(training).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        try {
            awaitBanner(local, log);
            upload("http://127.0.0.1:" + http, jpegBytes());
            local.destroy();
            if (!local.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                throw new IOException("local mode did not stop within " + TIMEOUT_SECONDS + " s");
            }
        } catch (IOException e) {
            throw new IOException(e.getMessage() + " (local mode's log: " + tail(log) + ")", e);
        } finally {
            local.destroyForcibly();
            Files.deleteIfExists(log);
        }
    }

    private static void awaitBanner(Process local, Path log) throws IOException, InterruptedException {
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(TIMEOUT_SECONDS);
        while (!Files.readString(log, StandardCharsets.UTF_8).contains("imagepipe is ready")) {
            if (!local.isAlive()) {
                throw new IOException("local mode exited with " + local.exitValue());
            }
            if (System.nanoTime() > until) {
                throw new IOException("local mode was not ready within " + TIMEOUT_SECONDS + " s");
            }
            Thread.sleep(50);
        }
    }

    private static void upload(String base, byte[] jpeg) throws IOException, InterruptedException {
        HttpClient client = HttpClient.newHttpClient();
        ObjectMapper json = new ObjectMapper();
        String request = json.writeValueAsString(Map.of("filename", "training.jpg", "contentType", "image/jpeg",
                "size", jpeg.length));
        JsonNode signed = json.readTree(send(client, HttpRequest.newBuilder(URI.create(base + "/api/uploads"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(request))));
        send(client, HttpRequest.newBuilder(URI.create(signed.get("url").asText()))
                .header("Content-Type", "image/jpeg").PUT(HttpRequest.BodyPublishers.ofByteArray(jpeg)));
        JsonNode manifest = json.readTree(send(client, HttpRequest.newBuilder(
                URI.create(base + signed.get("statusUrl").asText() + "?wait=25"))));
        if (!"processed".equals(manifest.path("status").asText())) {
            throw new IOException("the training upload was not processed: " + manifest);
        }
    }

    private static String send(HttpClient client, HttpRequest.Builder request) throws IOException, InterruptedException {
        HttpResponse<String> response = client.send(request.timeout(Duration.ofSeconds(60)).build(),
                HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IOException(response.request().method() + " " + response.uri().getPath() + ": "
                    + response.statusCode() + " " + response.body());
        }
        return response.body();
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    private static String tail(Path log) {
        try {
            String text = Files.readString(log, StandardCharsets.UTF_8);
            return text.substring(Math.max(0, text.length() - 2000));
        } catch (IOException e) {
            return e.toString();
        }
    }

    private static void run(List<String> command, String what) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new IOException(what + " took over " + TIMEOUT_SECONDS + " s");
        }
        if (process.exitValue() != 0) {
            throw new IOException(what + " exited with " + process.exitValue());
        }
    }

    /** In the training JVM: {@code resize} of the two generated pictures; the JVM archives its classes at exit. */
    private static int train() {
        Path dir = null;
        try {
            dir = Files.createTempDirectory("imagepipe-cds-training");
            Path jpeg = write(dir.resolve("training.jpg"), "jpeg", picture(640, 480, BufferedImage.TYPE_3BYTE_BGR));
            Path png = write(dir.resolve("training.png"), "png", picture(320, 240, BufferedImage.TYPE_4BYTE_ABGR));
            List<String> resize = new ArrayList<>(List.of("resize", "--workers", "1", "--out",
                    dir.resolve("out").toString(), jpeg.toString(), png.toString()));
            PrintStream lines = System.out;
            System.setOut(new PrintStream(OutputStream.nullOutputStream(), true, StandardCharsets.UTF_8));
            try {
                return Main.run(resize.toArray(String[]::new));
            } finally {
                System.setOut(lines);
            }
        } catch (IOException e) {
            System.err.println("imagepipe: " + e);
            return 1;
        } finally {
            deleteQuietly(dir);
        }
    }

    /** A smooth gradient with a sharp edge: photo-like enough for every stage of decode, resize and encode. */
    private static BufferedImage picture(int width, int height, int type) {
        BufferedImage image = new BufferedImage(width, height, type);
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                int r = x * 255 / width;
                int g = y * 255 / height;
                int b = x < width / 2 ? 40 : 200;
                int a = type == BufferedImage.TYPE_4BYTE_ABGR ? 128 + (x + y) % 128 : 255;
                image.setRGB(x, y, a << 24 | r << 16 | g << 8 | b);
            }
        }
        return image;
    }

    private static byte[] jpegBytes() throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        if (!ImageIO.write(picture(640, 480, BufferedImage.TYPE_3BYTE_BGR), "jpeg", bytes)) {
            throw new IOException("no ImageIO writer for jpeg");
        }
        return bytes.toByteArray();
    }

    private static Path write(Path file, String format, BufferedImage image) throws IOException {
        if (!ImageIO.write(image, format, file.toFile())) {
            throw new IOException("no ImageIO writer for " + format);
        }
        return file;
    }

    /** The archive of an earlier build would not match this jar: the JVM would only skip it. */
    private static void deleteStale(Path archive) {
        try {
            Files.deleteIfExists(archive);
        } catch (IOException e) {
            System.err.println("imagepipe: could not delete " + archive + ": " + e);
        }
    }

    private static void deleteQuietly(Path dir) {
        if (dir == null) {
            return;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.delete(p);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (IOException | UncheckedIOException e) {
            System.err.println("imagepipe: could not delete " + dir + ": " + e);
        }
    }
}

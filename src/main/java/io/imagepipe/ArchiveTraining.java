package io.imagepipe;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import javax.imageio.ImageIO;

/**
 * Makes the class-data sharing archive beside the jar ({@code target/imagepipe.jsa}, run by
 * {@code ./mvnw package}): {@code java -cp imagepipe.jar io.imagepipe.ArchiveTraining imagepipe.jsa}.
 *
 * <p>It starts a training JVM (this JVM's own {@code java}, so the archive matches it) with
 * {@code -XX:ArchiveClassesAtExit} that resizes a generated JPEG and PNG with {@code resize}: the
 * archive then holds every class a command loads before its first image. The archive is written under
 * a temporary name, checked with {@code -Xshare:on} (a JVM that cannot map it refuses to start) and
 * only then renamed: JDK 17 crashes on a truncated archive (SIGBUS while relocating it) instead of
 * ignoring it, so an interrupted build must never leave one under the real name.
 *
 * <p>It never fails the build (exit status 0 whatever happens, with a warning): the archive only makes
 * start-up cheaper, and the jar runs the same without it. Same pictures every time, one worker.
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
        if (args.length != 1) {
            System.err.println("usage: java -cp imagepipe.jar io.imagepipe.ArchiveTraining ARCHIVE.jsa");
            System.exit(2);
        }
        Path archive = Path.of(args[0]).toAbsolutePath();
        try {
            make(archive);
            System.err.println("imagepipe: class-data sharing archive " + archive + " (" + Files.size(archive) / 1024
                    + " KiB) for " + System.getProperty("java.vm.name") + " " + System.getProperty("java.vm.version"));
        } catch (IOException | RuntimeException e) {
            deleteStale(archive);
            System.err.println("imagepipe: no class-data sharing archive (" + e.getMessage()
                    + "); the jar is unaffected, it only starts without one");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        System.exit(0);
    }

    private static void make(Path archive) throws IOException, InterruptedException {
        Path part = archive.resolveSibling(archive.getFileName() + ".part");
        Files.deleteIfExists(part);
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String classPath = System.getProperty("java.class.path");
        try {
            // The JDK's notes on classes it cannot archive (JFR events, its own lambdas) are expected: off.
            run(List.of(java, "-XX:ArchiveClassesAtExit=" + part, "-Xlog:cds=off,cds+dynamic=off", "-cp", classPath,
                    ArchiveTraining.class.getName(), TRAIN), "the training run");
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

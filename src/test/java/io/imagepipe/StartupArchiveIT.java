package io.imagepipe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * After {@code package} (surefire's integration-test execution): the class-data sharing archives that
 * {@code ./mvnw package} made are mapped by this JVM, and bin/imagepipe runs the jar whatever state its
 * archive is in. Run alone with {@code ./mvnw verify -Dtest=StartupArchiveIT -Dsurefire.failIfNoSpecifiedTests=false}.
 */
class StartupArchiveIT {
    private static final Path TARGET = Path.of("target");
    private static final Path JAR = TARGET.resolve("imagepipe.jar");
    private static final Path LAUNCHER = Path.of("bin", "imagepipe");
    private static final String JAVA = Path.of(System.getProperty("java.home"), "bin", "java").toString();

    @TempDir
    Path dir;

    private record Run(int status, String output) {
    }

    @ParameterizedTest
    @ValueSource(strings = {"imagepipe.jsa", "imagepipe-service.jsa"})
    void theArchiveThePackageMadeIsMappedByThisJvm(String name) throws Exception {
        Path archive = TARGET.resolve(name);
        assumeTrue(Files.isRegularFile(archive), name + " was not made (-Dimagepipe.cds.skip=true, or the build"
                + " log says why): nothing to check");
        // -Xshare:on: a JVM that cannot map the archive refuses to start instead of running without it.
        Run run = run(List.of(JAVA, "-Xshare:on", "-XX:SharedArchiveFile=" + archive, "-Xlog:class+load=info",
                "-jar", JAR.toString(), "--help"), List.of());
        assertThat(run.status()).as(run.output()).isZero();
        assertThat(run.output()).contains("io.imagepipe.Main source: shared objects file (top)");
    }

    @Test
    void launcherResizesWithTheArchiveAndTheC1Flag() throws Exception {
        assumeTrue(Files.isRegularFile(TARGET.resolve("imagepipe.jsa")), "no target/imagepipe.jsa");
        Path photo = photo();
        Run run = launcher(List.of(), "resize", "--out", dir.resolve("out").toString(), photo.toString());
        assertThat(run.status()).as(run.output()).isZero();
        assertThat(run.output()).contains("\"file\":\"" + photo + "\"", "\"renditions\":[");
        Run flags = launcher(List.of("-XX:+PrintCommandLineFlags"), "resize", "--out", dir.resolve("out").toString(),
                photo.toString());
        assertThat(flags.output()).contains("-XX:SharedArchiveFile=", "-XX:TieredStopAtLevel=1");
    }

    @Test
    void launcherRunsWithoutAnArchive() throws Exception {
        Path jar = copyOfTheJar();
        assertThat(launcherWith(jar, "--help").status()).isZero();
        Path photo = photo();
        Run run = launcherWith(jar, "resize", "--out", dir.resolve("out").toString(), photo.toString());
        assertThat(run.status()).as(run.output()).isZero();
        assertThat(run.output()).contains("\"renditions\":[");
    }

    @Test
    void launcherRunsPastACorruptOrStaleArchive() throws Exception {
        Path jar = copyOfTheJar();
        byte[] noise = new byte[256 * 1024];
        new Random(7).nextBytes(noise);
        // Same size as a real one would be is not needed: a wrong header is enough for the JVM to skip it.
        for (String name : List.of("imagepipe.jsa", "imagepipe-service.jsa")) {
            Files.write(jar.resolveSibling(name), noise);
        }
        Run corrupt = launcherWith(jar, "resize", "--out", dir.resolve("out").toString(), photo().toString());
        assertThat(corrupt.status()).as(corrupt.output()).isZero();
        assertThat(corrupt.output()).contains("\"renditions\":[");
        assertThat(launcherWith(jar, "--help").status()).isZero();

        // An archive older than the jar (the jar was rebuilt without one): the launcher leaves it out.
        Path real = TARGET.resolve("imagepipe.jsa");
        assumeTrue(Files.isRegularFile(real), "no target/imagepipe.jsa for the stale case");
        Path stale = jar.resolveSibling("imagepipe.jsa");
        Files.copy(real, stale, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        Files.setLastModifiedTime(stale, FileTime.fromMillis(Files.getLastModifiedTime(jar).toMillis() - 60_000));
        Run old = launcherWith(jar, List.of("-XX:+PrintCommandLineFlags"), "resize", "--out",
                dir.resolve("out").toString(), photo().toString());
        assertThat(old.status()).as(old.output()).isZero();
        assertThat(old.output()).doesNotContain("SharedArchiveFile");
    }

    private Path copyOfTheJar() throws IOException {
        Path jar = dir.resolve("jar").resolve("imagepipe.jar");
        Files.createDirectories(jar.getParent());
        Files.copy(JAR, jar);
        return jar;
    }

    private Path photo() throws IOException {
        Path file = dir.resolve("photo.jpg");
        if (!Files.exists(file)) {
            BufferedImage image = new BufferedImage(320, 240, BufferedImage.TYPE_3BYTE_BGR);
            for (int y = 0; y < 240; y++) {
                for (int x = 0; x < 320; x++) {
                    image.setRGB(x, y, (x * 255 / 320) << 16 | (y * 255 / 240) << 8 | 90);
                }
            }
            assertThat(ImageIO.write(image, "jpeg", file.toFile())).isTrue();
        }
        return file;
    }

    private Run launcher(List<String> javaOpts, String... args) throws Exception {
        return launcherWith(JAR, javaOpts, args);
    }

    private Run launcherWith(Path jar, String... args) throws Exception {
        return launcherWith(jar, List.of(), args);
    }

    private Run launcherWith(Path jar, List<String> javaOpts, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of("bash", LAUNCHER.toString()));
        command.addAll(List.of(args));
        return run(command, List.of("IMAGEPIPE_JAR=" + jar.toAbsolutePath(), "JAVA_OPTS=" + String.join(" ", javaOpts),
                "JAVA_HOME=" + System.getProperty("java.home")));
    }

    private Run run(List<String> command, List<String> environment) throws Exception {
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(dir.resolve("output.txt").toFile());
        for (String variable : environment) {
            String[] pair = variable.split("=", 2);
            builder.environment().put(pair[0], pair[1]);
        }
        Process process = builder.start();
        assertThat(process.waitFor(120, TimeUnit.SECONDS)).as("finished within 120 s").isTrue();
        return new Run(process.exitValue(), Files.readString(dir.resolve("output.txt"), StandardCharsets.UTF_8));
    }
}

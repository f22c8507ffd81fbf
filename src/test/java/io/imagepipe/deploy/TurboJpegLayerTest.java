package io.imagepipe.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.imagepipe.core.JpegCodec;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * deploy/turbojpeg-layer.sh builds a Lambda layer whose lib/libturbojpeg.so.0, unpacked the way Lambda
 * unpacks layers (under /opt, with /opt/lib on LD_LIBRARY_PATH), is the library the JPEG codec loads.
 * Needs Debian's libturbojpeg0 (installed by .ci/run); skips, saying so, without it.
 */
class TurboJpegLayerTest {
    @TempDir
    Path dir;

    @Test
    void theLayersLibraryIsTheOneTheCodecLoadsFromOptLib() throws Exception {
        assumeTrue(JpegCodec.select("turbojpeg").path() == JpegCodec.Path.TURBOJPEG,
                "libturbojpeg0 is not installed here, so there is nothing to put in a layer");
        Path zip = dir.resolve("layer.zip");
        Result build = run(List.of("bash", Path.of("deploy/turbojpeg-layer.sh").toAbsolutePath().toString(), zip.toString()), List.of());
        assertThat(build.exit()).as(build.output()).isZero();

        Path opt = dir.resolve("opt");
        unzip(zip, opt);
        Path library = opt.resolve("lib/libturbojpeg.so.0");
        byte[] head = Files.readAllBytes(library);
        assertThat(new String(head, 1, 3, StandardCharsets.US_ASCII)).as("an ELF shared object").isEqualTo("ELF");
        assertThat(opt.resolve("licenses/libturbojpeg0.copyright")).exists();

        Path jpeg = dir.resolve("in.jpg");
        BufferedImage image = new BufferedImage(64, 48, BufferedImage.TYPE_3BYTE_BGR);
        image.getGraphics().fillRect(8, 8, 20, 20);
        ImageIO.write(image, "jpeg", jpeg.toFile());
        Path out = dir.resolve("out");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        // LD_DEBUG=libs makes the dynamic loader say which file it opened for each library.
        Result resize = run(List.of(java, "-cp", System.getProperty("java.class.path"), "io.imagepipe.Main", "resize",
                        "--renditions", "a=32x32:fit", "--out", out.toString(), jpeg.toString()),
                List.of("LD_LIBRARY_PATH=" + opt.resolve("lib"), "LD_DEBUG=libs"));

        assertThat(resize.exit()).as(resize.output()).isZero();
        assertThat(resize.output()).contains("JPEG codec turbojpeg");
        assertThat(resize.output()).as("the loader opened the layer's copy")
                .contains("calling init: " + library);
        try (var files = Files.list(out)) {
            assertThat(files.count()).isEqualTo(1);
        }
    }

    private record Result(int exit, String output) {
    }

    private static Result run(List<String> command, List<String> environment) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
        for (String variable : environment) {
            int eq = variable.indexOf('=');
            pb.environment().put(variable.substring(0, eq), variable.substring(eq + 1));
        }
        Process process = pb.start();
        byte[] output = process.getInputStream().readAllBytes();
        assertThat(process.waitFor(120, TimeUnit.SECONDS)).isTrue();
        return new Result(process.exitValue(), new String(output, StandardCharsets.UTF_8));
    }

    private static void unzip(Path zip, Path into) throws IOException {
        List<String> names = new ArrayList<>();
        try (InputStream in = Files.newInputStream(zip); ZipInputStream entries = new ZipInputStream(in)) {
            for (ZipEntry e = entries.getNextEntry(); e != null; e = entries.getNextEntry()) {
                Path target = into.resolve(e.getName()).normalize();
                assertThat(target.startsWith(into)).isTrue();
                names.add(e.getName());
                if (e.isDirectory()) {
                    Files.createDirectories(target);
                } else {
                    Files.createDirectories(target.getParent());
                    Files.copy(entries, target);
                }
            }
        }
        assertThat(names).contains("lib/libturbojpeg.so.0");
    }
}

package io.imagepipe.bench;

import io.imagepipe.core.ResizeProbe;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.concurrent.TimeUnit;
import javax.imageio.ImageIO;
import org.imgscalr.Scalr;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The resize step alone: one decoded photo (the first of the baseline set, at the 2x subsampled
 * size the core decodes it at) scaled to 1600 px long edge by the core's own resampler and by
 * imgscalr's QUALITY method, which the core used before (see bench/RESULTS.md).
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 3)
@Measurement(iterations = 5, time = 3)
@Fork(1)
@State(Scope.Thread)
public class ResizeBenchmark {
    @Param({"1600", "800"})
    public int longEdge;

    private BufferedImage decoded;
    private BufferedImage decodedIntRgb;
    private int width;
    private int height;

    @Setup(Level.Trial)
    public void decode() throws IOException {
        BufferedImage full = ImageIO.read(new ByteArrayInputStream(ProcessBenchmark.Corpus.photos("baseline").get(0)));
        decoded = ResizeProbe.halved(full);
        decodedIntRgb = new BufferedImage(decoded.getWidth(), decoded.getHeight(), BufferedImage.TYPE_INT_RGB);
        decodedIntRgb.createGraphics().drawImage(decoded, 0, 0, null);
        double scale = (double) longEdge / Math.max(decoded.getWidth(), decoded.getHeight());
        width = (int) Math.round(decoded.getWidth() * scale);
        height = (int) Math.round(decoded.getHeight() * scale);
    }

    @Benchmark
    public BufferedImage own() {
        return ResizeProbe.resize(decoded, width, height);
    }

    @Benchmark
    public BufferedImage imgscalrQuality() {
        return Scalr.resize(decodedIntRgb, Scalr.Method.QUALITY, Scalr.Mode.FIT_EXACT, width, height);
    }
}

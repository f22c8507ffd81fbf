package io.imagepipe.bench;

import io.imagepipe.core.ImageException;
import io.imagepipe.core.ImageProcessor;
import io.imagepipe.core.Limits;
import io.imagepipe.core.ProcessedImage;
import io.imagepipe.core.RenditionSpec;
import io.imagepipe.core.RenditionSpecParser;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
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
 * {@link ImageProcessor#process} on the real-photo corpus, three renditions per source as in the
 * issue's bar (1600, 800 and 200 px long edge, JPEG q85). Each invocation processes the next photo
 * of the set in turn, so the score is the mean time per source image over the set.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 4)
@Measurement(iterations = 5, time = 4)
@Fork(1)
@State(Scope.Thread)
public class ProcessBenchmark {
    static final String THREE_RENDITIONS = "large=1600x1600:fit,medium=800x800:fit,small=200x200:fit";

    @Param({"baseline", "progressive"})
    public String set;

    private final ImageProcessor processor = new ImageProcessor(Limits.DEFAULT);
    private final List<RenditionSpec> specs = new RenditionSpecParser().parse(THREE_RENDITIONS);
    private List<byte[]> photos;
    private int next;

    @Setup(Level.Trial)
    public void load() throws IOException {
        photos = Corpus.photos(set);
    }

    @Benchmark
    public ProcessedImage process() throws ImageException {
        byte[] photo = photos.get(next);
        next = (next + 1) % photos.size();
        return processor.process(photo, specs);
    }

    /** The photo corpus that bench/compare.sh builds with ../shared/corpus/photos.sh. */
    static final class Corpus {
        private Corpus() {
        }

        static List<byte[]> photos(String set) throws IOException {
            Path dir = Path.of(System.getProperty("corpus", "bench/work/photos")).resolve(set);
            if (!Files.isDirectory(dir)) {
                throw new IllegalStateException("no photo corpus in " + dir.toAbsolutePath()
                        + ": run bench/compare.sh once, or pass -Dcorpus=DIR (made by ../shared/corpus/photos.sh)");
            }
            List<byte[]> photos = new ArrayList<>();
            try (Stream<Path> files = Files.list(dir)) {
                for (Path f : files.filter(p -> p.toString().endsWith(".jpg")).sorted().toList()) {
                    photos.add(read(f));
                }
            }
            if (photos.isEmpty()) {
                throw new IllegalStateException("no .jpg files in " + dir.toAbsolutePath());
            }
            return photos;
        }

        private static byte[] read(Path file) {
            try {
                return Files.readAllBytes(file);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}

import com.sun.management.OperatingSystemMXBean;
import io.imagepipe.core.ImageProcessor;
import io.imagepipe.core.Limits;
import io.imagepipe.core.ProcessedImage;
import io.imagepipe.core.Rendition;
import io.imagepipe.core.RenditionSpec;
import io.imagepipe.core.RenditionSpecParser;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * CPU per source image of imagepipe's core, in process, on one thread: the Java counterpart of
 * the anchors' vips_bench.c and pillow_bench.py.
 *
 * <p>usage: java -cp target/imagepipe.jar bench/CorePerImage.java WARMUP REPS OUTDIR SPEC FILE...
 *
 * <p>Files are read into memory first; then every file is processed WARMUP times (JIT warm-up),
 * then REPS times while measuring. The headline figure is the process CPU time
 * (OperatingSystemMXBean.getProcessCpuTime: every thread, so the garbage collector's and the JIT
 * compiler's work is included) of the whole measured loop divided by the number of images
 * processed. The worker thread's own CPU (ThreadMXBean) and per-file medians are printed beside it.
 * The renditions of the last pass are written to OUTDIR as NAME_RENDITION.EXT for the SSIM check.
 */
public final class CorePerImage {
    public static void main(String[] args) throws Exception {
        int warmup = Integer.parseInt(args[0]);
        int reps = Integer.parseInt(args[1]);
        Path out = Path.of(args[2]);
        List<RenditionSpec> specs = new RenditionSpecParser().parse(args[3]);
        List<Path> files = Arrays.stream(args, 4, args.length).map(Path::of).toList();
        List<byte[]> sources = new ArrayList<>();
        for (Path f : files) {
            sources.add(Files.readAllBytes(f));
        }
        Files.createDirectories(out);
        ImageProcessor processor = new ImageProcessor(Limits.DEFAULT);
        OperatingSystemMXBean os = (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();

        for (int w = 0; w < warmup; w++) {
            for (byte[] source : sources) {
                processor.process(source, specs);
            }
        }
        double[][] threadMs = new double[files.size()][reps];
        long[] stageNanos = new long[3];
        long process0 = os.getProcessCpuTime();
        long wall0 = System.nanoTime();
        for (int r = 0; r < reps; r++) {
            for (int i = 0; i < sources.size(); i++) {
                long t0 = threads.getCurrentThreadCpuTime();
                ProcessedImage result = processor.process(sources.get(i), specs);
                threadMs[i][r] = (threads.getCurrentThreadCpuTime() - t0) / 1e6;
                stageNanos[0] += result.timings().decodeNanos();
                stageNanos[1] += result.timings().resizeNanos();
                stageNanos[2] += result.timings().encodeNanos();
                if (r == reps - 1) {
                    write(out, files.get(i), result);
                }
            }
        }
        double wallMs = (System.nanoTime() - wall0) / 1e6;
        double processMs = (os.getProcessCpuTime() - process0) / 1e6;
        int n = sources.size() * reps;
        double medianSum = 0;
        for (int i = 0; i < files.size(); i++) {
            double[] t = threadMs[i].clone();
            Arrays.sort(t);
            medianSum += t[reps / 2];
            System.out.printf("imagepipe %-16s thread_cpu_med=%.1f%n", files.get(i).getFileName(), t[reps / 2]);
        }
        System.out.printf("imagepipe stages per image: decode=%.1f resize=%.1f encode=%.1f ms (wall, worker thread)%n",
                stageNanos[0] / 1e6 / n, stageNanos[1] / 1e6 / n, stageNanos[2] / 1e6 / n);
        System.out.printf("imagepipe MEAN cpu=%.1f ms/img (process CPU incl. GC+JIT) thread_cpu_med=%.1f wall=%.1f (n=%d x %d, %s %s)%n",
                processMs / n, medianSum / files.size(), wallMs / n, files.size(), reps,
                System.getProperty("java.vm.name"), System.getProperty("java.version"));
    }

    private static void write(Path out, Path file, ProcessedImage result) throws Exception {
        String name = file.getFileName().toString().replaceFirst("\\.[^.]*$", "");
        for (Rendition r : result.renditions()) {
            Files.write(out.resolve(name + "_" + r.name() + "." + r.extension()), r.bytes());
        }
    }
}

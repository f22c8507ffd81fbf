package io.imagepipe.core;

import java.awt.image.BufferedImage;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Quality against CPU of resize policies, side by side on the same files: for each policy, the
 * three renditions (1600, 800, 200 px fit, q85) of every file, the 800 px one written as
 * OUTDIR/POLICY/NAME_800.jpg for ../shared/anchors/ssim.py, and the worker thread's CPU per source
 * image (decode, three resizes, three encodes). Policies run interleaved per file, so a busy
 * machine weighs on all alike.
 *
 * <p>It lives in the core's package (package-private access to the decoder and the resampler), so it
 * is compiled, not run as a source file:
 * <pre>
 * javac -cp target/imagepipe.jar -d bench/work/probe bench/QualityProbe.java
 * java -cp bench/work/probe:target/imagepipe.jar io.imagepipe.core.QualityProbe REPS OUTDIR POLICY... -- FILE...
 * </pre>
 * POLICY is NAME=key:value,... with keys h (decode headroom, default 1.0), from (cascade: each
 * rendition from the smallest picture already made that covers it; decoded: every one from the
 * decoded picture), k (kernel: a ResampleKernel name; default CATMULL_ROM), fr (filter
 * ratio), e (DCT scale: ceil = ImageDecoder.eighths, the policy as built; any = the smallest n/8 that keeps the
 * scale, the policy before; pow2 = the smallest of 1, 2, 4, 8/8).
 * The policy named "real" runs ImageProcessor itself (the code as built).
 */
public final class QualityProbe {
    private static final int[] SIZES = {1600, 800, 200};

    record Policy(String name, double headroom, boolean cascade, ResampleKernel kernel, double filterRatio,
                  String eighthsRule, ResampleKernel wideKernel, double wideFrom) {
        static Policy parse(String s) {
            String[] nv = s.split("=", 2);
            Map<String, String> m = new LinkedHashMap<>();
            if (nv.length > 1 && !nv[1].isEmpty()) {
                for (String kv : nv[1].split(",")) {
                    String[] p = kv.split(":", 2);
                    m.put(p[0], p[1]);
                }
            }
            return new Policy(nv[0], Double.parseDouble(m.getOrDefault("h", "1.0")),
                    !m.getOrDefault("from", "cascade").equals("decoded"),
                    ResampleKernel.valueOf(m.getOrDefault("k", "CATMULL_ROM")),
                    Double.parseDouble(m.getOrDefault("fr", "2.0")), m.getOrDefault("e", "ceil"),
                    ResampleKernel.valueOf(m.getOrDefault("kw", m.getOrDefault("k", "CATMULL_ROM"))),
                    Double.parseDouble(m.getOrDefault("kwr", "1e9")));
        }
    }

    public static void main(String[] args) throws Exception {
        int reps = Integer.parseInt(args[0]);
        Path out = Path.of(args[1]);
        int sep = Arrays.asList(args).indexOf("--");
        List<Policy> policies = Arrays.stream(args, 2, sep).map(Policy::parse).toList();
        List<Path> files = Arrays.stream(args, sep + 1, args.length).map(Path::of).toList();
        List<byte[]> sources = new ArrayList<>();
        for (Path f : files) {
            sources.add(Files.readAllBytes(f));
        }
        for (Policy p : policies) {
            Files.createDirectories(out.resolve(p.name()));
        }
        ImageProcessor processor = new ImageProcessor(Limits.DEFAULT);
        ImageDecoder decoder = new ImageDecoder(processor.jpegCodec());
        ImageEncoder encoder = new ImageEncoder(processor.jpegCodec());
        List<RenditionSpec> specs = new RenditionSpecParser().parse("large=1600x1600:fit,medium=800x800:fit,small=200x200:fit");
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        double[][][] ms = new double[policies.size()][files.size()][reps];
        // warm-up: every policy over the first files
        for (int i = 0; i < Math.min(files.size(), 12); i++) {
            for (Policy p : policies) {
                run(p, sources.get(i), processor, decoder, encoder, specs);
            }
        }
        for (int r = 0; r < reps; r++) {
            for (int i = 0; i < files.size(); i++) {
                for (int pi = 0; pi < policies.size(); pi++) {
                    long t0 = threads.getCurrentThreadCpuTime();
                    byte[] medium = run(policies.get(pi), sources.get(i), processor, decoder, encoder, specs);
                    ms[pi][i][r] = (threads.getCurrentThreadCpuTime() - t0) / 1e6;
                    if (r == 0) {
                        String name = files.get(i).getFileName().toString().replaceFirst("\\.[^.]*$", "");
                        Files.write(out.resolve(policies.get(pi).name()).resolve(name + "_800.jpg"), medium);
                    }
                }
            }
        }
        for (int pi = 0; pi < policies.size(); pi++) {
            double sum = 0;
            for (int i = 0; i < files.size(); i++) {
                double[] t = ms[pi][i].clone();
                Arrays.sort(t);
                sum += t[reps / 2];
            }
            System.out.printf("probe %-12s cpu=%.1f ms/img (thread CPU, median of %d, n=%d) %s%n",
                    policies.get(pi).name(), sum / files.size(), reps, files.size(), policies.get(pi));
        }
        System.out.printf("probe loadavg %s%n", Files.readString(Path.of("/proc/loadavg")).trim());
    }

    /** The three renditions of one source under {@code p}; returns the encoded 800 px one. */
    static byte[] run(Policy p, byte[] bytes, ImageProcessor processor, ImageDecoder decoder, ImageEncoder encoder,
                      List<RenditionSpec> specs) throws Exception {
        if (p.name().equals("real")) {
            ProcessedImage result = processor.process(bytes, specs);
            return result.renditions().get(1).bytes();
        }
        SourceInfo info = processor.probe(bytes);
        Size display = new Size(info.displayWidth(), info.displayHeight());
        double needed = 0;
        Size[] targets = new Size[SIZES.length];
        for (int s = 0; s < SIZES.length; s++) {
            targets[s] = RenditionGeometry.of(display, specs.get(s)).scaled();
            needed = Math.max(needed, Math.max((double) targets[s].width() / display.width(),
                    (double) targets[s].height() / display.height()));
        }
        double scale = Math.min(1.0, needed * p.headroom());
        BufferedImage decoded;
        if (p.eighthsRule().equals("any")) { // any n/8, as before 5/8-7/8 were rounded up to 8/8
            int e = Math.max(1, Math.min(8, (int) Math.ceil(scale * 8 - 1e-9)));
            decoded = processor.jpegCodec().turboJpeg().orElseThrow().decode(bytes, e);
        } else if (p.eighthsRule().equals("pow2")) {
            int e = ImageDecoder.eighths(scale);
            int pow = 1;
            while (pow < e) {
                pow *= 2;
            }
            decoded = decoder.decode(bytes, info, pow / 8.0);
        } else {
            decoded = decoder.decode(bytes, info, scale);
        }
        List<BufferedImage> made = new ArrayList<>(List.of(decoded));
        byte[] medium = null;
        for (int s = 0; s < SIZES.length; s++) {
            BufferedImage base = p.cascade() ? smallestCovering(made, targets[s]) : decoded;
            BufferedImage result = resize(base, targets[s], p);
            made.add(result);
            byte[] encoded = encoder.encode(result, ImageFormat.JPEG, 85);
            if (SIZES[s] == 800) {
                medium = encoded;
            }
        }
        return medium;
    }

    static BufferedImage smallestCovering(List<BufferedImage> pictures, Size needed) {
        BufferedImage best = pictures.get(0);
        for (BufferedImage p : pictures) {
            if (p.getWidth() >= needed.width() && p.getHeight() >= needed.height()
                    && (long) p.getWidth() * p.getHeight() < (long) best.getWidth() * best.getHeight()) {
                best = p;
            }
        }
        return best;
    }

    static BufferedImage resize(BufferedImage source, Size target, Policy p) {
        double filterRatio = p.filterRatio();
        if (source.getWidth() == target.width() && source.getHeight() == target.height()) {
            return source;
        }
        int channels = Pixels.channels(source);
        byte[] pixels = Pixels.bytes(source);
        int w = source.getWidth();
        int h = source.getHeight();
        while (w >= 2 * filterRatio * target.width() && h >= 2 * filterRatio * target.height()) {
            pixels = BoxHalving.halve(pixels, w, h, channels);
            w /= 2;
            h /= 2;
        }
        if (w != target.width() || h != target.height()) {
            ResampleKernel kernel = (double) w / target.width() >= p.wideFrom() ? p.wideKernel() : p.kernel();
            pixels = SeparableFilter.resample(pixels, w, h, channels,
                    FilterWeights.of(kernel, w, target.width()), FilterWeights.of(kernel, h, target.height()));
        }
        return Pixels.wrap(pixels, target.width(), target.height(), false);
    }
}

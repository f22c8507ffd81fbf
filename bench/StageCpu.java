import io.imagepipe.core.ImageProcessor;
import io.imagepipe.core.Limits;
import io.imagepipe.core.RenditionSpec;
import io.imagepipe.core.RenditionSpecParser;
import io.imagepipe.core.SourceInfo;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.lang.reflect.Constructor;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Thread CPU of each stage of the core on one thread, per source image: decode (at the scale the
 * processor would choose), then the three renditions' resize (each from the previous, largest
 * first, as ImageProcessor does for fit renditions) and JPEG encode. Measures the interleaved path
 * (BGR pictures) and the planar path (Y/Cb/Cr planes, what a JPEG with only JPEG renditions takes)
 * in turn on every file, so that both lines come from the same run. Reaches the package-private
 * stages by reflection; a diagnostic beside CorePerImage, not a headline figure.
 *
 * <p>usage: java -cp target/imagepipe.jar bench/StageCpu.java REPS FILE...
 */
public final class StageCpu {
    public static void main(String[] args) throws Exception {
        int reps = Integer.parseInt(args[0]);
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        List<RenditionSpec> specs = new RenditionSpecParser().parse("large=1600x1600:fit,medium=800x800:fit,small=200x200:fit");
        ImageProcessor processor = new ImageProcessor(Limits.DEFAULT);
        Object codec = processor.jpegCodec();
        Class<?> decoderClass = Class.forName("io.imagepipe.core.ImageDecoder");
        Constructor<?> dc = decoderClass.getDeclaredConstructor(codec.getClass());
        dc.setAccessible(true);
        Object decoder = dc.newInstance(codec);
        Method decode = decoderClass.getDeclaredMethod("decode", byte[].class, SourceInfo.class, double.class,
                boolean.class);
        decode.setAccessible(true);
        Method scaleOf = ImageProcessor.class.getDeclaredMethod("decodeScale", SourceInfo.class, List.class);
        scaleOf.setAccessible(true);
        Class<?> resizerClass = Class.forName("io.imagepipe.core.Resizer");
        Constructor<?> rc = resizerClass.getDeclaredConstructor();
        rc.setAccessible(true);
        Object resizer = rc.newInstance();
        Class<?> sizeClass = Class.forName("io.imagepipe.core.Size");
        Class<?> pictureClass = Class.forName("io.imagepipe.core.Picture");
        Method resized = pictureClass.getDeclaredMethod("resized", resizerClass, sizeClass);
        resized.setAccessible(true);
        Class<?> encoderClass = Class.forName("io.imagepipe.core.ImageEncoder");
        Constructor<?> ec = encoderClass.getDeclaredConstructor(codec.getClass());
        ec.setAccessible(true);
        Object encoder = ec.newInstance(codec);
        Class<?> formatClass = Class.forName("io.imagepipe.core.ImageFormat");
        Object jpegFormat = formatClass.getField("JPEG").get(null);
        Method encode = pictureClass.getDeclaredMethod("encode", encoderClass, formatClass, int.class);
        encode.setAccessible(true);
        Constructor<?> sizeNew = sizeClass.getDeclaredConstructor(int.class, int.class);
        int[] edges = {1600, 800, 200};
        String[] paths = {"interleaved", "planar"};
        double[][] total = new double[2][7];
        int n = 0;
        for (int r = -1; r < reps; r++) {
            for (int i = 1; i < args.length; i++) {
                byte[] bytes = Files.readAllBytes(Path.of(args[i]));
                SourceInfo info = processor.probe(bytes);
                double scale = (double) scaleOf.invoke(null, info, specs);
                for (int path = 0; path < 2; path++) {
                    long t0 = threads.getCurrentThreadCpuTime();
                    Object img = decode.invoke(decoder, bytes, info, scale, path == 1);
                    long t1 = threads.getCurrentThreadCpuTime();
                    double[] t = new double[7];
                    t[0] = (t1 - t0) / 1e6;
                    for (int k = 0; k < 3; k++) {
                        double f = Math.min(1.0, (double) edges[k] / Math.max(info.width(), info.height()));
                        Object size = sizeNew.newInstance(Math.max(1, (int) Math.round(info.width() * f)),
                                Math.max(1, (int) Math.round(info.height() * f)));
                        long a = threads.getCurrentThreadCpuTime();
                        img = resized.invoke(img, resizer, size);
                        long b = threads.getCurrentThreadCpuTime();
                        encode.invoke(img, encoder, jpegFormat, 85);
                        long c = threads.getCurrentThreadCpuTime();
                        t[1 + k] = (b - a) / 1e6;
                        t[4 + k] = (c - b) / 1e6;
                    }
                    if (r >= 0) {
                        for (int k = 0; k < 7; k++) total[path][k] += t[k];
                    }
                }
                if (r >= 0) {
                    n++;
                }
            }
        }
        for (int path = 0; path < 2; path++) {
            double[] tp = total[path];
            double sum = 0;
            for (double v : tp) sum += v;
            System.out.printf("%s %s: per image decode %.1f | resize 1600 %.1f, 800 %.1f, 200 %.1f | encode %.1f, %.1f, %.1f | all %.1f ms thread CPU (n=%d)%n",
                    processor.jpegCodec().path().id(), paths[path], tp[0] / n, tp[1] / n, tp[2] / n, tp[3] / n,
                    tp[4] / n, tp[5] / n, tp[6] / n, sum / n, n);
        }
    }
}

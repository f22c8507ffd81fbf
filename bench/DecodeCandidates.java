import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;

/**
 * The two libjpeg-turbo bindings side by side: thread CPU per decode of each file at the DCT scale
 * that keeps 1600 px on the long edge, (a) de.digitalcollections.imageio:imageio-turbojpeg through
 * ImageIO (image index = scale), (b) the core's own JNA binding (TurboJpeg, reached by reflection).
 *
 * <p>usage: java -cp target/imagepipe.jar:$(cat imageio-turbojpeg classpath) bench/DecodeCandidates.java REPS FILE...
 */
public final class DecodeCandidates {
    public static void main(String[] args) throws Exception {
        int reps = Integer.parseInt(args[0]);
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        Class<?> tjClass = Class.forName("io.imagepipe.core.TurboJpeg");
        Method load = tjClass.getDeclaredMethod("load");
        load.setAccessible(true);
        Object loaded = load.invoke(null);
        Method turbo = loaded.getClass().getDeclaredMethod("turboJpeg");
        turbo.setAccessible(true);
        Object tj = ((Optional<?>) turbo.invoke(loaded)).orElseThrow();
        Method decode = tjClass.getDeclaredMethod("decode", byte[].class, int.class);
        decode.setAccessible(true);
        double sumA = 0, sumB = 0;
        for (int i = 1; i < args.length; i++) {
            byte[] bytes = Files.readAllBytes(Path.of(args[i]));
            ImageReader reader = turboReader();
            reader.setInput(ImageIO.createImageInputStream(new ByteArrayInputStream(bytes)));
            int w = reader.getWidth(0), h = reader.getHeight(0);
            int eighths = Math.max(1, Math.min(8, (int) Math.ceil(8.0 * 1600 / Math.max(w, h))));
            int target = (Math.max(w, h) * eighths + 7) / 8;
            int index = 0;
            for (int k = 0; k < reader.getNumImages(true); k++) {
                if (Math.max(reader.getWidth(k), reader.getHeight(k)) == target) index = k;
            }
            double[] a = new double[reps], b = new double[reps];
            for (int r = -2; r < reps; r++) { // two warm-up rounds
                long t0 = threads.getCurrentThreadCpuTime();
                ImageReader rd = turboReader();
                try (ImageInputStream in = ImageIO.createImageInputStream(new ByteArrayInputStream(bytes))) {
                    rd.setInput(in);
                    BufferedImage img = rd.read(index, rd.getDefaultReadParam());
                    if (r == 0 && Math.max(img.getWidth(), img.getHeight()) != target) throw new IllegalStateException("index");
                } finally { rd.dispose(); }
                long t1 = threads.getCurrentThreadCpuTime();
                BufferedImage mine = (BufferedImage) decode.invoke(tj, bytes, eighths);
                long t2 = threads.getCurrentThreadCpuTime();
                if (r >= 0) { a[r] = (t1 - t0) / 1e6; b[r] = (t2 - t1) / 1e6; }
            }
            java.util.Arrays.sort(a); java.util.Arrays.sort(b);
            System.out.printf("%-40s %dx%d @%d/8  imageio-turbojpeg %.1f ms  jna %.1f ms%n", args[i], w, h, eighths, a[reps / 2], b[reps / 2]);
            sumA += a[reps / 2]; sumB += b[reps / 2];
        }
        int n = args.length - 1;
        System.out.printf("MEAN imageio-turbojpeg=%.1f jna=%.1f ms (thread CPU, median of %d)%n", sumA / n, sumB / n, reps);
    }

    private static ImageReader turboReader() {
        Iterator<ImageReader> it = ImageIO.getImageReadersByFormatName("jpeg");
        while (it.hasNext()) {
            ImageReader r = it.next();
            if (r.getClass().getName().contains("turbojpeg")) return r;
        }
        throw new IllegalStateException("imageio-turbojpeg is not on the class path");
    }
}

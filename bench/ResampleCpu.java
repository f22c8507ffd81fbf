import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.lang.reflect.Method;
import java.util.Random;

/**
 * Thread CPU of SeparableFilter's two passes on one plane, at the planar path's usual luma sizes
 * (a 1/2-decoded 12 MP and 20 MP photo to 1600 wide, then 1600 to 800), random samples. Run it with
 * two jars in turn to compare loops; a diagnostic beside StageCpu.
 *
 * <p>usage: java -cp target/imagepipe.jar bench/ResampleCpu.java [REPS]
 */
public final class ResampleCpu {
    public static void main(String[] args) throws Exception {
        int reps = args.length > 0 ? Integer.parseInt(args[0]) : 20;
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        Class<?> filter = Class.forName("io.imagepipe.core.SeparableFilter");
        Class<?> weightsClass = Class.forName("io.imagepipe.core.FilterWeights");
        Class<?> kernelClass = Class.forName("io.imagepipe.core.ResampleKernel");
        Method of = weightsClass.getDeclaredMethod("of", kernelClass, int.class, int.class);
        Method vertical = filter.getDeclaredMethod("vertical", byte[].class, int.class, weightsClass);
        Method horizontal = filter.getDeclaredMethod("horizontal", byte[].class, int.class, int.class, int.class,
                weightsClass);
        for (Method m : new Method[] {of, vertical, horizontal}) {
            m.setAccessible(true);
        }
        java.lang.reflect.Field kernelField = kernelClass.getField("CUBIC_SHARP");
        kernelField.setAccessible(true);
        Object kernel = kernelField.get(null);
        int[][] cases = {{2176, 1224, 1600, 900}, {3014, 1696, 1600, 900}, {1600, 900, 800, 450}, {400, 225, 200, 113}};
        for (int pass = 0; pass < 2; pass++) {
            StringBuilder line = new StringBuilder(pass == 0 ? "warm-up " : "");
            for (int[] c : cases) {
                byte[] plane = new byte[c[0] * c[1]];
                new Random(1).nextBytes(plane);
                Object wy = of.invoke(null, kernel, c[1], c[3]);
                Object wx = of.invoke(null, kernel, c[0], c[2]);
                byte[] rows = (byte[]) vertical.invoke(null, plane, c[0], wy);
                long tv = 0;
                long th = 0;
                for (int r = 0; r < reps; r++) {
                    long t0 = threads.getCurrentThreadCpuTime();
                    vertical.invoke(null, plane, c[0], wy);
                    long t1 = threads.getCurrentThreadCpuTime();
                    horizontal.invoke(null, rows, c[0], c[3], 1, wx);
                    long t2 = threads.getCurrentThreadCpuTime();
                    tv += t1 - t0;
                    th += t2 - t1;
                }
                line.append(String.format("%dx%d->%dx%d vertical %.2f horizontal %.2f ms | ", c[0], c[1], c[2], c[3],
                        tv / 1e6 / reps, th / 1e6 / reps));
            }
            System.out.println(line);
        }
    }
}

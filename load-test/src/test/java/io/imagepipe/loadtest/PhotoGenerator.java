package io.imagepipe.loadtest;

import java.awt.image.BufferedImage;
import java.awt.image.DataBufferInt;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.SplittableRandom;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.MemoryCacheImageOutputStream;

/**
 * Paints a landscape-like picture (sky gradient, a fractal horizon, textured ground, soft out-of-focus
 * highlights, sensor grain) and encodes it as a baseline JPEG. Flat colours compress to a few KB and
 * would make every upload, download and decode unrealistically cheap; this content lands near a
 * camera's bytes per pixel, so the service's work per image is a photo's.
 */
public final class PhotoGenerator {
    private static final int OCTAVES = 7;
    /** Sensor-like noise per pixel (fractions of full scale over 127.5 steps): what gives the JPEG its bytes. */
    private static final float LUMA_GRAIN = 0.045f / 127.5f;
    private static final float CHROMA_GRAIN = 0.015f / 127.5f;

    private final int quality;

    public PhotoGenerator(int quality) {
        this.quality = quality;
    }

    /** Width and height with a 4:3 aspect and about {@code megapixels} million pixels, multiples of 16. */
    public static int[] dimensions(int megapixels) {
        double pixels = megapixels * 1_000_000.0;
        int width = (int) Math.round(Math.sqrt(pixels * 4 / 3) / 16) * 16;
        int height = (int) Math.round(pixels / width / 16) * 16;
        return new int[] {width, height};
    }

    public byte[] jpeg(int width, int height, long seed) {
        return encode(paint(width, height, seed));
    }

    BufferedImage paint(int width, int height, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        ValueNoise noise = new ValueNoise(random.split(), OCTAVES);
        ValueNoise horizonNoise = new ValueNoise(random.split(), 5);
        float[] sky = {0.35f + 0.2f * (float) random.nextDouble(), 0.55f + 0.15f * (float) random.nextDouble(), 0.9f};
        float[] ground = {0.25f + 0.2f * (float) random.nextDouble(), 0.35f + 0.15f * (float) random.nextDouble(),
                0.12f + 0.1f * (float) random.nextDouble()};
        double horizonBase = 0.35 + 0.2 * random.nextDouble();
        int highlights = 6 + random.nextInt(8);
        double[][] discs = new double[highlights][];
        for (int i = 0; i < highlights; i++) {
            discs[i] = new double[] {random.nextDouble(), random.nextDouble() * 0.6,
                    0.02 + 0.08 * random.nextDouble(), 0.15 + 0.35 * random.nextDouble()};
        }
        long grain = random.nextLong() | 1;

        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        int[] pixels = ((DataBufferInt) image.getRaster().getDataBuffer()).getData();
        double aspect = (double) width / height;
        float[] horizon = new float[width];
        for (int x = 0; x < width; x++) {
            horizon[x] = (float) (horizonBase + 0.25 * (horizonNoise.fbm(x / (double) width * 3, 0.5) - 0.5));
        }
        for (int y = 0; y < height; y++) {
            double v = (double) y / height;
            for (int x = 0; x < width; x++) {
                double u = (double) x / width;
                double n = noise.fbm(u * 6 * aspect, v * 6);
                float r;
                float g;
                float b;
                if (v < horizon[x]) {
                    double t = v / horizon[x];
                    double cloud = Math.max(0, n - 0.45) * 1.6;
                    r = (float) (sky[0] + 0.35 * t + cloud);
                    g = (float) (sky[1] + 0.25 * t + cloud);
                    b = (float) (sky[2] + 0.05 * t + cloud * 0.9);
                } else {
                    double depth = (v - horizon[x]) / (1 - horizon[x] + 1e-6);
                    double texture = n * (0.6 + 0.8 * depth);
                    r = (float) (ground[0] * (0.55 + texture) + 0.05 * depth);
                    g = (float) (ground[1] * (0.55 + texture));
                    b = (float) (ground[2] * (0.6 + texture * 0.8));
                }
                for (double[] d : discs) {
                    double dx = (u - d[0]) * aspect;
                    double dy = v - d[1];
                    double dist2 = (dx * dx + dy * dy) / (d[2] * d[2]);
                    if (dist2 < 4) {
                        float glow = (float) (d[3] * Math.exp(-dist2 * 1.5));
                        r += glow;
                        g += glow * 0.9f;
                        b += glow * 0.7f;
                    }
                }
                grain ^= grain << 13;
                grain ^= grain >>> 7;
                grain ^= grain << 17;
                float e = ((grain & 0xff) - 127.5f) * LUMA_GRAIN;
                float c = (((grain >>> 8) & 0xff) - 127.5f) * CHROMA_GRAIN;
                pixels[y * width + x] = channel(r + e + c) << 16 | channel(g + e) << 8 | channel(b + e - c);
            }
        }
        return image;
    }

    private static int channel(float value) {
        int v = (int) (value * 255 + 0.5f);
        return v < 0 ? 0 : Math.min(v, 255);
    }

    private byte[] encode(BufferedImage image) {
        ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
        ByteArrayOutputStream out = new ByteArrayOutputStream(image.getWidth() * image.getHeight() / 2);
        try (MemoryCacheImageOutputStream stream = new MemoryCacheImageOutputStream(out)) {
            writer.setOutput(stream);
            ImageWriteParam param = writer.getDefaultWriteParam();
            param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
            param.setCompressionQuality(quality / 100f);
            writer.write(null, new IIOImage(image, null, null), param);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            writer.dispose();
        }
        return out.toByteArray();
    }

    /** Fractal value noise: octaves of bilinearly interpolated random lattices, values in [0, 1]. */
    private static final class ValueNoise {
        private static final int SIZE = 256;
        private final float[][] lattices;

        ValueNoise(SplittableRandom random, int octaves) {
            lattices = new float[octaves][SIZE * SIZE];
            for (float[] lattice : lattices) {
                for (int i = 0; i < lattice.length; i++) {
                    lattice[i] = (float) random.nextDouble();
                }
            }
        }

        double fbm(double x, double y) {
            double sum = 0;
            double amplitude = 0.5;
            double weight = 0;
            double frequency = 1;
            for (float[] lattice : lattices) {
                sum += amplitude * sample(lattice, x * frequency, y * frequency);
                weight += amplitude;
                amplitude *= 0.55;
                frequency *= 2.3;
            }
            return sum / weight;
        }

        private static double sample(float[] lattice, double x, double y) {
            int x0 = (int) Math.floor(x);
            int y0 = (int) Math.floor(y);
            double fx = x - x0;
            double fy = y - y0;
            fx = fx * fx * (3 - 2 * fx);
            fy = fy * fy * (3 - 2 * fy);
            int xa = x0 & (SIZE - 1);
            int xb = (x0 + 1) & (SIZE - 1);
            int ya = (y0 & (SIZE - 1)) * SIZE;
            int yb = ((y0 + 1) & (SIZE - 1)) * SIZE;
            double top = lattice[ya + xa] + (lattice[ya + xb] - lattice[ya + xa]) * fx;
            double bottom = lattice[yb + xa] + (lattice[yb + xb] - lattice[yb + xa]) * fx;
            return top + (bottom - top) * fy;
        }
    }
}

package io.imagepipe.loadtest;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import java.util.stream.Stream;

/**
 * The feeder's images: {@code imagesPerSize} generated JPEGs per size class, made before the run and
 * cached on disk (a 12 MP picture takes seconds to paint), then held in memory. The feeder hands them
 * out round-robin across sizes, so every size class gets the same number of uploads.
 */
public final class ImageLibrary {
    public static final int JPEG_QUALITY = 90;

    private final List<TestImage> images;

    private ImageLibrary(List<TestImage> images) {
        this.images = List.copyOf(images);
    }

    /** Generates what is missing under {@code dir} and loads every image of the requested sizes. */
    public static ImageLibrary prepare(Path dir, List<Integer> megapixels, int perSize) {
        PhotoGenerator generator = new PhotoGenerator(JPEG_QUALITY);
        List<TestImage> images = new ArrayList<>();
        try {
            Files.createDirectories(dir);
            for (int i = 0; i < perSize; i++) {
                for (int mp : megapixels) {
                    int[] size = PhotoGenerator.dimensions(mp);
                    Path file = dir.resolve("photo-" + mp + "mp-" + (i + 1) + "-q" + JPEG_QUALITY + ".jpg");
                    if (!Files.exists(file)) {
                        Path partial = dir.resolve(file.getFileName() + ".part");
                        Files.write(partial, generator.jpeg(size[0], size[1], mp * 1_000L + i));
                        Files.move(partial, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                    }
                    images.add(new TestImage(file, mp, size[0], size[1], Files.readAllBytes(file)));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare the load test images in " + dir, e);
        }
        return new ImageLibrary(images);
    }

    public List<TestImage> images() {
        return images;
    }

    public List<String> sizeLabels() {
        return images.stream().map(TestImage::sizeLabel).distinct().toList();
    }

    public TestImage get(int index) {
        return images.get(index);
    }

    /**
     * An endless feeder: each record names an image (by index), its size class and a fresh source key
     * under {@code keyPrefix}, so no two uploads of a run share a key.
     */
    public Iterator<Map<String, Object>> feeder(String keyPrefix) {
        AtomicLong sequence = new AtomicLong();
        Supplier<Map<String, Object>> next = () -> {
            long n = sequence.getAndIncrement();
            int index = (int) (n % images.size());
            TestImage image = images.get(index);
            Map<String, Object> record = new HashMap<>();
            record.put(SessionKeys.IMAGE, index);
            record.put(SessionKeys.SIZE, image.sizeLabel());
            record.put(SessionKeys.SOURCE_KEY, keyPrefix + String.format("%06d-", n) + image.fileName());
            record.put(SessionKeys.CONTENT_LENGTH, image.content().length);
            return Collections.unmodifiableMap(record);
        };
        return Stream.generate(next).iterator();
    }
}

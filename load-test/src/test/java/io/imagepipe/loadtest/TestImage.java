package io.imagepipe.loadtest;

import java.nio.file.Path;

/** One generated JPEG of the feeder: its file, size class and bytes (held in memory for the run). */
public record TestImage(Path file, int megapixels, int width, int height, byte[] content) {

    /** The label the report uses for this size class, e.g. {@code 12MP}. */
    public String sizeLabel() {
        return megapixels + "MP";
    }

    public String fileName() {
        return file.getFileName().toString();
    }
}

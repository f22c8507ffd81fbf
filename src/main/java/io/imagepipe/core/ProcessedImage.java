package io.imagepipe.core;

import java.util.List;

/** A source and its renditions, in the order the specs were given. */
public record ProcessedImage(SourceInfo source, List<Rendition> renditions, StageTimings timings) {
    public ProcessedImage {
        renditions = List.copyOf(renditions);
    }

    public long outputBytes() {
        return renditions.stream().mapToLong(r -> r.bytes().length).sum();
    }
}

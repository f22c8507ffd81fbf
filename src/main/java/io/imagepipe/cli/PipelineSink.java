package io.imagepipe.cli;

import io.imagepipe.pipeline.ImagePipeline;
import java.util.concurrent.CompletableFuture;

/** Hands each notification to the pipeline in this process, as the consumer would a queue message. */
public final class PipelineSink implements EventSink {
    private final ImagePipeline pipeline;

    public PipelineSink(ImagePipeline pipeline) {
        this.pipeline = pipeline;
    }

    @Override
    public CompletableFuture<String> deliver(String notificationJson) {
        return pipeline.handle(notificationJson).thenApply(outcome -> outcome.label());
    }
}

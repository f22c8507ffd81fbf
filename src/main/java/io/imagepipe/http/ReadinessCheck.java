package io.imagepipe.http;

import java.util.concurrent.CompletionStage;

/** One dependency /health/ready asks about; the stage fails when it is not usable. */
public interface ReadinessCheck {
    String name();

    CompletionStage<?> check();
}

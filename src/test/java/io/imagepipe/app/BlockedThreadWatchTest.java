package io.imagepipe.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import org.junit.jupiter.api.Test;

/** The watch the service tests rely on does see a blocked event loop. */
class BlockedThreadWatchTest {

    @Test
    void aSleepOnTheEventLoopIsReported() throws Exception {
        Vertx vertx = Vertx.vertx(BlockedThreadWatch.strictOptions());
        try (BlockedThreadWatch watch = new BlockedThreadWatch()) {
            vertx.runOnContext(v -> {
                try {
                    Thread.sleep(600);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            LocalService.eventually("the checker reports the blocked loop", () -> !watch.warnings().isEmpty());
            assertThat(watch.warnings().get(0)).contains("vert.x-eventloop-thread");
        } finally {
            vertx.close().await();
        }
    }
}

package io.imagepipe.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Vertx;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/** {@code /health/live} turns DOWN when a liveness condition (the consumer receiving) fails, and back UP. */
class LivenessTest {
    @Test
    void liveIsDownWhileTheConsumerHasStoppedReceivingAndSaysWhy() throws Exception {
        AtomicBoolean receiving = new AtomicBoolean(true);
        Vertx vertx = Vertx.vertx();
        try {
            HttpServerVerticle http = new HttpServerVerticle("127.0.0.1", 0,
                    new PrometheusMeterRegistry(PrometheusConfig.DEFAULT), List.of(),
                    List.of(new LivenessCheck("consumer", receiving::get, "not receiving for 90 s")));
            vertx.deployVerticle(http).await(30, TimeUnit.SECONDS);
            HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
            URI live = URI.create("http://127.0.0.1:" + http.actualPort() + "/health/live");

            assertThat(client.send(HttpRequest.newBuilder(live).build(), HttpResponse.BodyHandlers.ofString())
                    .statusCode()).isEqualTo(200);
            receiving.set(false);
            HttpResponse<String> down = client.send(HttpRequest.newBuilder(live).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(down.statusCode()).isEqualTo(503);
            assertThat(down.body()).contains("DOWN").contains("consumer").contains("not receiving for 90 s");
            receiving.set(true);
            assertThat(client.send(HttpRequest.newBuilder(live).build(), HttpResponse.BodyHandlers.ofString())
                    .statusCode()).isEqualTo(200);
        } finally {
            vertx.close().await(10, TimeUnit.SECONDS);
        }
    }
}

package io.imagepipe.http;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.micrometer.PrometheusScrapingHandler;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The HTTP edge: health, metrics; errors as JSON {@code {error, message}}. */
public final class HttpServerVerticle extends VerticleBase {
    private static final Logger log = LoggerFactory.getLogger(HttpServerVerticle.class);

    private final String host;
    private final int port;
    private final PrometheusMeterRegistry registry;
    private final List<ReadinessCheck> checks;
    private HttpServer server;

    public HttpServerVerticle(String host, int port, PrometheusMeterRegistry registry, List<ReadinessCheck> checks) {
        this.host = host;
        this.port = port;
        this.registry = registry;
        this.checks = checks;
    }

    @Override
    public Future<?> start() {
        Router router = Router.router(vertx);
        new HealthRoutes(checks).mount(router);
        router.get("/metrics").handler(PrometheusScrapingHandler.create(registry));
        router.route().last().handler(ctx -> HealthRoutes.json(ctx, 404, error("not_found",
                "no route for " + ctx.request().method() + " " + ctx.request().path())));
        router.errorHandler(500, ctx -> {
            log.error("HTTP {} {} failed", ctx.request().method(), ctx.request().path(), ctx.failure());
            HealthRoutes.json(ctx, 500, error("internal", "the request failed; see the service log"));
        });
        return vertx.createHttpServer().requestHandler(router).listen(port, host).onSuccess(s -> {
            server = s;
            log.info("HTTP listening on {}:{}", host, s.actualPort());
        });
    }

    /** The bound port (useful with port 0). */
    public int actualPort() {
        return server.actualPort();
    }

    private static JsonObject error(String code, String message) {
        return new JsonObject().put("error", code).put("message", message);
    }
}

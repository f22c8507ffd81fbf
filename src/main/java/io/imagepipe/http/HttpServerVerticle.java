package io.imagepipe.http;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
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
    private final List<LivenessCheck> liveness;
    private HttpServer server;

    public HttpServerVerticle(String host, int port, PrometheusMeterRegistry registry, List<ReadinessCheck> checks) {
        this(host, port, registry, checks, List.of());
    }

    public HttpServerVerticle(String host, int port, PrometheusMeterRegistry registry, List<ReadinessCheck> checks,
                              List<LivenessCheck> liveness) {
        this.host = host;
        this.port = port;
        this.registry = registry;
        this.checks = checks;
        this.liveness = liveness;
    }

    @Override
    public Future<?> start() {
        Router router = Router.router(vertx);
        new HealthRoutes(checks, liveness).mount(router);
        router.get("/metrics").handler(this::metrics);
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

    /**
     * Prometheus text exposition, rendered on a worker thread: with the stage histograms a scrape
     * took over 100 ms here, too long to hold an event loop (Vert.x's own scraping handler does it inline).
     */
    private void metrics(RoutingContext ctx) {
        vertx.executeBlocking(registry::scrape, false).onComplete(result -> {
            if (result.failed()) {
                ctx.fail(result.cause());
                return;
            }
            ctx.response().putHeader("content-type", "text/plain; version=0.0.4; charset=utf-8").end(result.result());
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

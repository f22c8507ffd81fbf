package io.imagepipe.http;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * {@code /health/live} answers while the process serves HTTP; {@code /health/ready} asks each
 * dependency (S3, SQS, the consumer) and answers 503 naming the ones that failed.
 */
final class HealthRoutes {
    private static final Duration CHECK_TIMEOUT = Duration.ofSeconds(3);

    private final List<ReadinessCheck> checks;
    private final List<LivenessCheck> liveness;

    HealthRoutes(List<ReadinessCheck> checks, List<LivenessCheck> liveness) {
        this.checks = List.copyOf(checks);
        this.liveness = List.copyOf(liveness);
    }

    void mount(Router router) {
        router.get("/health/live").handler(this::live);
        router.get("/health/ready").handler(this::ready);
    }

    /** Cheap and local (never a network call): a restart must cure whatever turns it DOWN. */
    private void live(RoutingContext ctx) {
        JsonObject down = new JsonObject();
        for (LivenessCheck check : liveness) {
            if (!check.alive().getAsBoolean()) {
                down.put(check.name(), check.whenDown());
            }
        }
        json(ctx, down.isEmpty() ? 200 : 503, down.isEmpty() ? new JsonObject().put("status", "UP")
                : new JsonObject().put("status", "DOWN").put("checks", down));
    }

    private void ready(RoutingContext ctx) {
        List<Future<JsonObject>> results = new ArrayList<>();
        for (ReadinessCheck check : checks) {
            // Started off the event loop: an SDK call marshals, signs and resolves credentials on the calling thread.
            CompletableFuture<Object> stage = CompletableFuture.supplyAsync(check::check,
                            java.util.concurrent.ForkJoinPool.commonPool())
                    .thenCompose(f -> f.thenApply(v -> (Object) v))
                    .orTimeout(CHECK_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            results.add(Future.fromCompletionStage(stage, ctx.vertx().getOrCreateContext())
                    .map(v -> new JsonObject().put("name", check.name()).put("status", "UP"))
                    .otherwise(e -> new JsonObject().put("name", check.name()).put("status", "DOWN")
                            .put("error", describe(e))));
        }
        Future.join(results).onComplete(all -> {
            JsonObject body = new JsonObject();
            boolean up = true;
            for (Future<JsonObject> r : results) {
                JsonObject check = r.result();
                body.put(check.getString("name"), check.copy());
                up &= "UP".equals(check.getString("status"));
            }
            json(ctx, up ? 200 : 503, new JsonObject().put("status", up ? "UP" : "DOWN").put("checks", body));
        });
    }

    private static String describe(Throwable e) {
        Throwable t = e instanceof java.util.concurrent.CompletionException && e.getCause() != null ? e.getCause() : e;
        return t.getClass().getSimpleName() + (t.getMessage() == null ? "" : ": " + t.getMessage());
    }

    static void json(RoutingContext ctx, int status, JsonObject body) {
        ctx.response().setStatusCode(status).putHeader("content-type", "application/json").end(body.encode());
    }
}

package io.imagepipe.http;

import io.imagepipe.config.Config;
import io.imagepipe.pipeline.Manifest;
import io.imagepipe.pipeline.ManifestStore;
import io.imagepipe.storage.SignedRequest;
import io.imagepipe.storage.UrlSigner;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import io.vertx.ext.web.handler.CorsHandler;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletionStage;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The upload page's API (DESIGN.md section 6): {@code POST /api/uploads} signs one PUT for a fresh
 * key, {@code GET /api/images/{key}} answers 404 until the manifest lands and then the manifest with
 * signed GET URLs, {@code GET /api/images} lists the newest uploads. Nothing here blocks an event
 * loop: S3 calls are SDK futures, signing (which may refresh credentials) runs on worker threads.
 */
public final class ImageApi {
    private static final Logger log = LoggerFactory.getLogger(ImageApi.class);
    static final int BODY_LIMIT_BYTES = 16 * 1024;
    static final int MAX_WAIT_SECONDS = 25;
    static final int MAX_GALLERY = 50;
    private static final int GALLERY_DEFAULT = 12;
    private static final int GALLERY_SCAN_LIMIT = 2000;
    private static final long POLL_MILLIS = 250;
    private static final String IMAGES = "/api/images/";

    private final Config config;
    private final Config.Api settings;
    private final UrlSigner signer;
    private final ManifestStore manifests;
    private final Pattern uploadKey;

    public ImageApi(Config config, UrlSigner signer, ManifestStore manifests) {
        this.config = config;
        this.settings = config.api();
        this.signer = signer;
        this.manifests = manifests;
        this.uploadKey = Pattern.compile(Pattern.quote(settings.uploadPrefix())
                + "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/[^/]+");
    }

    void mount(Router router, Vertx vertx) {
        if (!settings.corsOrigins().isEmpty()) {
            router.route("/api/*").handler(CorsHandler.create().addOrigins(settings.corsOrigins())
                    .allowedMethods(Set.of(HttpMethod.GET, HttpMethod.POST))
                    .allowedHeaders(Set.of("Content-Type", "Authorization")).maxAgeSeconds(600));
        }
        if (settings.rateLimitPerMinute() > 0) {
            RateLimiter limiter = new RateLimiter(settings.rateLimitPerMinute(), System::nanoTime);
            router.route("/api/*").handler(ctx -> limit(ctx, limiter));
            vertx.setPeriodic(60_000, id -> limiter.evictIdle());
        }
        settings.token().ifPresent(token -> router.route("/api/*").handler(ctx -> authorize(ctx, token)));
        router.route("/api/*").handler(ctx -> {
            ctx.response().putHeader(HttpHeaders.CACHE_CONTROL, "no-store");
            ctx.next();
        });
        router.post("/api/uploads").handler(BodyHandler.create(false).setBodyLimit(BODY_LIMIT_BYTES))
                .handler(this::requireJson).handler(this::createUpload);
        router.route("/api/uploads").handler(ctx -> methodNotAllowed(ctx, "POST"));
        router.get("/api/images").handler(this::recent);
        router.getWithRegex("/api/images/.+").handler(this::image);
        router.route("/api/images").handler(ctx -> methodNotAllowed(ctx, "GET"));
        router.routeWithRegex("/api/images/.+").handler(ctx -> methodNotAllowed(ctx, "GET"));
        router.route("/api/*").failureHandler(this::failure);
    }

    private void createUpload(RoutingContext ctx) {
        UploadRequest request = UploadRequest.parse(ctx.body().buffer(), settings);
        String key = settings.uploadPrefix() + UUID.randomUUID() + "/" + request.name();
        ctx.vertx().executeBlocking(() -> signer.signPut(settings.uploadBucket(), key, request.contentType(),
                request.size(), settings.uploadUrlTtl()), false).onSuccess(signed -> {
            JsonObject headers = new JsonObject();
            signed.headers().forEach(headers::put);
            send(ctx, 200, new JsonObject().put("key", key).put("url", signed.url().toString())
                    .put("method", signed.method()).put("headers", headers)
                    .put("expiresAt", signed.expiresAt().toString())
                    .put("statusUrl", IMAGES + encodeKey(key)));
        }).onFailure(ctx::fail);
    }

    private void image(RoutingContext ctx) {
        String key = keyOf(ctx.request().path());
        int wait = intParam(ctx, "wait", 0, 0, MAX_WAIT_SECONDS);
        if (!uploadKey.matcher(key).matches()) {
            throw new ApiException(404, "not_found", "no image '" + key + "': this API serves the images uploaded"
                    + " through it, keys like " + settings.uploadPrefix() + "<uuid>/<name>");
        }
        lookUp(ctx, key, System.nanoTime() + Duration.ofSeconds(wait).toNanos());
    }

    /** Answers once the manifest exists, or with 404 at the deadline (long polling with {@code ?wait=}). */
    private void lookUp(RoutingContext ctx, String key, long deadline) {
        fromStage(ctx, manifests.read(key)).onSuccess(found -> {
            if (found.isPresent()) {
                ctx.vertx().executeBlocking(() -> view(found.get()), false)
                        .onSuccess(view -> send(ctx, 200, view.put("key", key))).onFailure(ctx::fail);
            } else if (System.nanoTime() < deadline && !ctx.response().closed()) {
                ctx.vertx().setTimer(POLL_MILLIS, id -> lookUp(ctx, key, deadline));
            } else if (!ctx.response().closed()) {
                send(ctx, 404, error("not_found", "no result for '" + key + "' yet: it is still being processed,"
                        + " or nothing was uploaded under this key"));
            }
        }).onFailure(ctx::fail);
    }

    private void recent(RoutingContext ctx) {
        String prefix = ctx.queryParams().get("prefix");
        if (prefix == null || prefix.isEmpty()) {
            prefix = settings.uploadPrefix();
        } else if (!prefix.startsWith(settings.uploadPrefix())) {
            throw new ApiException(400, "invalid_prefix", "prefix must start with '" + settings.uploadPrefix()
                    + "', where this API puts uploads");
        }
        int limit = intParam(ctx, "limit", GALLERY_DEFAULT, 1, MAX_GALLERY);
        fromStage(ctx, manifests.recent(prefix, limit, GALLERY_SCAN_LIMIT))
                .compose(recent -> ctx.vertx().executeBlocking(() -> {
                    JsonArray images = new JsonArray();
                    recent.manifests().forEach(m -> images.add(summary(m)));
                    return new JsonObject().put("images", images).put("partial", recent.partial());
                }, false))
                .onSuccess(body -> send(ctx, 200, body)).onFailure(ctx::fail);
    }

    /** The manifest, with signed GET URLs of the original and each rendition, and a plain-words rejection. */
    private JsonObject view(Manifest manifest) {
        JsonObject json = JsonObject.mapFrom(manifest);
        Duration ttl = settings.uploadUrlTtl();
        if (Manifest.PROCESSED.equals(manifest.status())) {
            SignedRequest original = signer.signGet(manifest.source().bucket(), manifest.source().key(), ttl);
            json.getJsonObject("source").put("url", original.url().toString());
            JsonArray renditions = json.getJsonArray("renditions");
            for (int i = 0; i < renditions.size(); i++) {
                JsonObject r = renditions.getJsonObject(i);
                r.put("url", signer.signGet(config.outputBucket(), r.getString("key"), ttl).url().toString());
            }
            json.put("urlsExpireAt", original.expiresAt().toString());
        }
        if (manifest.error() != null) {
            json.getJsonObject("error").put("explanation",
                    Rejections.explain(manifest.error().reason(), manifest.error().message()));
        }
        return json;
    }

    /** One gallery entry: the smallest rendition as the thumbnail. */
    private JsonObject summary(Manifest m) {
        JsonObject entry = new JsonObject().put("key", m.source().key()).put("status", m.status())
                .put("processedAt", m.processedAt()).put("bytes", m.source().bytes())
                .put("width", m.source().width()).put("height", m.source().height())
                .put("statusUrl", IMAGES + encodeKey(m.source().key()));
        if (m.renditions() != null && !m.renditions().isEmpty()) {
            Manifest.RenditionEntry smallest = m.renditions().stream()
                    .min(Comparator.comparingLong(r -> (long) r.width() * r.height())).orElseThrow();
            entry.put("renditions", m.renditions().size()).put("thumbnail", new JsonObject()
                    .put("url", signer.signGet(config.outputBucket(), smallest.key(), settings.uploadUrlTtl())
                            .url().toString())
                    .put("width", smallest.width()).put("height", smallest.height()));
        }
        if (m.error() != null) {
            entry.put("error", new JsonObject().put("reason", m.error().reason())
                    .put("explanation", Rejections.explain(m.error().reason(), m.error().message())));
        }
        return entry;
    }

    private void requireJson(RoutingContext ctx) {
        String type = ctx.request().getHeader(HttpHeaders.CONTENT_TYPE);
        if (type == null || !type.split(";", 2)[0].strip().equalsIgnoreCase("application/json")) {
            throw new ApiException(415, "body_not_json", "send the body as JSON with 'Content-Type: application/json'");
        }
        ctx.next();
    }

    private static void limit(RoutingContext ctx, RateLimiter limiter) {
        long retryAfter = limiter.acquire(ctx.request().remoteAddress().hostAddress());
        if (retryAfter > 0) {
            ctx.response().putHeader(HttpHeaders.RETRY_AFTER, Long.toString(retryAfter));
            send(ctx, 429, error("rate_limited", "too many requests from this address; try again in "
                    + retryAfter + " s"));
            return;
        }
        ctx.next();
    }

    private static void authorize(RoutingContext ctx, String token) {
        String given = ctx.request().getHeader(HttpHeaders.AUTHORIZATION);
        byte[] expected = ("Bearer " + token).getBytes(StandardCharsets.UTF_8);
        if (given == null || !MessageDigest.isEqual(given.getBytes(StandardCharsets.UTF_8), expected)) {
            ctx.response().putHeader("WWW-Authenticate", "Bearer realm=\"imagepipe\"");
            send(ctx, 401, error("unauthorized", given == null
                    ? "this API needs 'Authorization: Bearer <token>' (IMAGEPIPE_API_TOKEN is set on the server)"
                    : "the bearer token is not the one the server was given"));
            return;
        }
        ctx.next();
    }

    private static void methodNotAllowed(RoutingContext ctx, String allowed) {
        ctx.response().putHeader(HttpHeaders.ALLOW, allowed);
        send(ctx, 405, error("method_not_allowed", ctx.request().method() + " is not allowed on "
                + ctx.request().path() + "; use " + allowed));
    }

    private void failure(RoutingContext ctx) {
        Throwable failure = ctx.failure();
        if (failure instanceof ApiException e) {
            send(ctx, e.status(), error(e.code(), e.getMessage()));
        } else if (ctx.statusCode() == 413) {
            send(ctx, 413, error("body_too_large", "the request body is over " + BODY_LIMIT_BYTES + " bytes"));
        } else if (ctx.statusCode() >= 400 && ctx.statusCode() < 500) {
            send(ctx, ctx.statusCode(), error("bad_request", ctx.response().getStatusMessage()));
        } else {
            log.error("HTTP {} {} failed", ctx.request().method(), ctx.request().path(), failure);
            send(ctx, 500, error("internal", "the request failed; see the service log"));
        }
    }

    /** The key after {@code /api/images/}, percent-decoded ('+' stays '+', as in S3 keys). */
    static String keyOf(String rawPath) {
        String encoded = rawPath.substring(IMAGES.length());
        try {
            return URLDecoder.decode(encoded.replace("+", "%2B"), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw new ApiException(400, "invalid_key", "the key in the path is not percent-encoded correctly");
        }
    }

    /** Percent-encodes each segment of {@code key}, keeping its '/'. */
    static String encodeKey(String key) {
        StringBuilder out = new StringBuilder();
        for (byte b : key.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xff;
            if (c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || "-._~/".indexOf(c) >= 0) {
                out.append((char) c);
            } else {
                out.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
                        .append(Character.toUpperCase(Character.forDigit(c & 15, 16)));
            }
        }
        return out.toString();
    }

    private static int intParam(RoutingContext ctx, String name, int fallback, int min, int max) {
        List<String> values = ctx.queryParam(name);
        if (values.isEmpty() || values.get(0).isEmpty()) {
            return fallback;
        }
        try {
            int n = Integer.parseInt(values.get(0));
            if (n >= min && n <= max) {
                return n;
            }
        } catch (NumberFormatException e) {
            // answered below
        }
        throw new ApiException(400, "invalid_parameter", "'" + name + "' must be a whole number from " + min
                + " to " + max);
    }

    private static <T> Future<T> fromStage(RoutingContext ctx, CompletionStage<T> stage) {
        return Future.fromCompletionStage(stage, ctx.vertx().getOrCreateContext());
    }

    static JsonObject error(String code, String message) {
        return new JsonObject().put("error", code).put("message", message);
    }

    static void send(RoutingContext ctx, int status, JsonObject body) {
        if (!ctx.response().ended()) {
            HealthRoutes.json(ctx, status, body);
        }
    }
}

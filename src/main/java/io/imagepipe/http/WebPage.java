package io.imagepipe.http;

import io.vertx.ext.web.Router;
import io.vertx.ext.web.handler.StaticHandler;
import java.util.List;

/**
 * The upload page: {@code webroot/} from the classpath, with a content security policy that lets it
 * talk only to this server and to the S3 endpoints its signed URLs point at.
 */
public final class WebPage {
    private final String policy;

    /** @param storageOrigins the origins of the signed upload and download URLs */
    public WebPage(List<String> storageOrigins) {
        String storage = String.join(" ", storageOrigins);
        this.policy = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' blob: " + storage
                + "; connect-src 'self' " + storage + "; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";
    }

    void mount(Router router) {
        router.get("/*").handler(ctx -> {
            ctx.response().putHeader("Content-Security-Policy", policy)
                    .putHeader("X-Content-Type-Options", "nosniff")
                    .putHeader("Referrer-Policy", "no-referrer");
            ctx.next();
        }).handler(StaticHandler.create("webroot").setCachingEnabled(false).setIndexPage("index.html"));
    }
}

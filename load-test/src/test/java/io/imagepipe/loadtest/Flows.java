package io.imagepipe.loadtest;

import static io.gatling.javaapi.core.CoreDsl.ByteArrayBody;
import static io.gatling.javaapi.core.CoreDsl.StringBody;
import static io.gatling.javaapi.core.CoreDsl.asLongAsDuring;
import static io.gatling.javaapi.core.CoreDsl.doIf;
import static io.gatling.javaapi.core.CoreDsl.exec;
import static io.gatling.javaapi.core.CoreDsl.jmesPath;
import static io.gatling.javaapi.core.CoreDsl.pause;
import static io.gatling.javaapi.http.HttpDsl.http;
import static io.gatling.javaapi.http.HttpDsl.status;

import io.gatling.javaapi.core.ChainBuilder;
import io.gatling.javaapi.core.Session;
import io.gatling.javaapi.http.HttpProtocolBuilder;
import java.time.Duration;
import java.util.Map;

/**
 * The two ways an image reaches imagepipe, as Gatling chains. Each virtual user uploads one image
 * from the feeder, then polls (bounded by the ready timeout) until the service's result exists, and
 * records its upload-to-ready time ({@link RecordUploadToReady}).
 *
 * <ul>
 *   <li>{@link #browserUpload()}: what the upload page does. {@code POST /api/uploads}, PUT to the
 *       presigned URL it answers with the headers it names, then {@code GET /api/images/{key}?wait=20}
 *       (long polling, as the page does: 404 while processing) until it answers 200.</li>
 *   <li>{@link #directUpload()}: what any S3 client does. A SigV4-signed PUT to the source bucket,
 *       then signed GETs of {@code manifests/{key}.json} in the output bucket until it exists.</li>
 * </ul>
 */
public final class Flows {
    private final Settings settings;
    private final ImageLibrary images;
    private final SigV4Signer signer;
    private final ReadyLog log;
    private final S3Locations s3;

    public Flows(Settings settings, ImageLibrary images, SigV4Signer signer, ReadyLog log) {
        this.settings = settings;
        this.images = images;
        this.signer = signer;
        this.log = log;
        this.s3 = new S3Locations(settings.s3Endpoint(), settings.s3PathStyle());
    }

    /** One protocol for both flows: requests carry absolute URLs (the API's, S3's, presigned). */
    public HttpProtocolBuilder protocol() {
        HttpProtocolBuilder protocol = http.acceptHeader("application/json, */*")
                .userAgentHeader("imagepipe-load-test (Gatling)")
                .disableCaching()
                .disableWarmUp();
        return settings.apiToken().isEmpty() ? protocol : protocol.authorizationHeader("Bearer " + settings.apiToken());
    }

    public ChainBuilder directUpload() {
        return exec(session -> session.set(SessionKeys.UPLOAD_STARTED, System.currentTimeMillis()))
                .exec(http(session -> "PUT s3 " + session.getString(SessionKeys.SIZE))
                        .put(session -> s3.objectUrl(settings.sourceBucket(), session.getString(SessionKeys.SOURCE_KEY)))
                        .header("Content-Type", "image/jpeg")
                        .body(ByteArrayBody(this::content))
                        .sign(signer)
                        .check(status().is(200)))
                .exec(doIf(session -> !session.isFailed()).then(
                        asLongAsDuring(Flows::notReady, settings.readyTimeout()).on(
                                pause(this::nextPollPause),
                                exec(http("GET manifest")
                                        .get(session -> s3.objectUrl(settings.outputBucket(),
                                                settings.manifestKey(session.getString(SessionKeys.SOURCE_KEY))))
                                        .sign(signer)
                                        .check(status().in(200, 404).saveAs(SessionKeys.POLL_STATUS))
                                        .checkIf((response, session) -> response.status().code() == 200)
                                        .then(jmesPath("status").saveAs(SessionKeys.MANIFEST_STATUS)))
                                        .exec(Flows::markReadyOn200))))
                .exec(new RecordUploadToReady(log));
    }

    public ChainBuilder browserUpload() {
        return exec(session -> session.set(SessionKeys.UPLOAD_STARTED, System.currentTimeMillis()))
                .exec(http("POST /api/uploads")
                        .post(settings.apiUrl().resolve("/api/uploads").toString())
                        .header("Content-Type", "application/json")
                        .body(StringBody(this::uploadRequest))
                        .check(status().in(200, 201),
                                jmesPath("key").saveAs(SessionKeys.SOURCE_KEY),
                                jmesPath("url").saveAs(SessionKeys.UPLOAD_URL),
                                jmesPath("method").is("PUT"),
                                jmesPath("headers").ofMap().saveAs(SessionKeys.UPLOAD_HEADERS)))
                .exec(doIf(session -> !session.isFailed()).then(
                        exec(http(session -> "PUT presigned " + session.getString(SessionKeys.SIZE))
                                .put(session -> session.getString(SessionKeys.UPLOAD_URL))
                                .body(ByteArrayBody(this::content))
                                .sign(Flows::withPresignedHeaders)
                                .check(status().is(200)))))
                .exec(doIf(session -> !session.isFailed()).then(
                        asLongAsDuring(Flows::notReady, settings.readyTimeout()).on(
                                exec(http("GET /api/images/{key}")
                                        .get(this::statusUrl)
                                        .check(status().in(200, 404).saveAs(SessionKeys.POLL_STATUS))
                                        .checkIf((response, session) -> response.status().code() == 200)
                                        .then(jmesPath("status").saveAs(SessionKeys.MANIFEST_STATUS)))
                                        .exec(Flows::markReadyOn200)
                                        // a 404 before the wait ran out (short polling) must not spin
                                        .doIf(Flows::notReady).then(pause(settings.pollInterval())))))
                .exec(new RecordUploadToReady(log));
    }

    /**
     * {@code GET /api/images/{key}?wait=N}, as the page asks: the server holds the request until the
     * manifest lands (checking every 250 ms) or N seconds pass, so readiness is seen at once.
     */
    private String statusUrl(Session session) {
        String url = settings.apiUrl().resolve("/api/images/"
                + S3Locations.encodeKey(session.getString(SessionKeys.SOURCE_KEY))).toString();
        long left = settings.readyTimeout().toMillis()
                - (System.currentTimeMillis() - session.getLong(SessionKeys.UPLOAD_STARTED));
        long wait = Math.max(1, Math.min(settings.longPoll().toSeconds(), left / 1000));
        return settings.longPoll().isZero() ? url : url + "?wait=" + wait;
    }

    private byte[] content(Session session) {
        return images.get(session.getInt(SessionKeys.IMAGE)).content();
    }

    private String uploadRequest(Session session) {
        TestImage image = images.get(session.getInt(SessionKeys.IMAGE));
        return "{\"filename\": \"" + image.fileName() + "\", \"contentType\": \"image/jpeg\", \"size\": "
                + image.content().length + "}";
    }

    /** The presigned PUT must carry exactly the headers the API signed (Content-Type at least). */
    private static io.gatling.http.client.Request withPresignedHeaders(io.gatling.http.client.Request request,
                                                                        Session session) {
        Map<String, Object> headers = session.getMap(SessionKeys.UPLOAD_HEADERS);
        headers.forEach((name, value) -> {
            // Gatling writes Content-Length from the body itself; the signed value is the same size
            if (!name.equalsIgnoreCase("content-length") && !name.equalsIgnoreCase("host")) {
                request.getHeaders().set(name, String.valueOf(value));
            }
        });
        return request;
    }

    /**
     * Polling backs off (x1.5 from {@code pollInterval} up to {@code maxPollInterval}): a burst of N
     * uploads waiting minutes must not become tens of thousands of S3 requests that the store (in
     * local mode, the service's own JVM) spends its CPU on. Readiness is seen within one interval.
     */
    private Duration nextPollPause(Session session) {
        int polls = session.contains(SessionKeys.POLLS) ? session.getInt(SessionKeys.POLLS) : 0;
        double millis = settings.pollInterval().toMillis() * Math.pow(1.5, polls);
        return Duration.ofMillis((long) Math.min(millis, settings.maxPollInterval().toMillis()));
    }

    private static boolean notReady(Session session) {
        return !session.contains(SessionKeys.READY_AT) && !session.isFailed();
    }

    private static Session markReadyOn200(Session session) {
        Session counted = session.set(SessionKeys.POLLS,
                session.contains(SessionKeys.POLLS) ? session.getInt(SessionKeys.POLLS) + 1 : 1);
        return counted.contains(SessionKeys.POLL_STATUS) && counted.getInt(SessionKeys.POLL_STATUS) == 200
                ? counted.set(SessionKeys.READY_AT, System.currentTimeMillis())
                : counted;
    }
}

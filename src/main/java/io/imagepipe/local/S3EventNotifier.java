package io.imagepipe.local;

import io.imagepipe.event.S3Event;
import io.imagepipe.event.S3EventJson;

import java.io.InputStream;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

import org.gaul.s3proxy.S3ErrorCode;
import org.gaul.s3proxy.S3ProxyException;
import org.gaul.s3proxy.blobstore.BlobStore;
import org.gaul.s3proxy.blobstore.ForwardingBlobStore;
import org.gaul.s3proxy.blobstore.domain.MultipartUpload;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import software.amazon.awssdk.services.s3.model.CompleteMultipartUploadRequest;
import software.amazon.awssdk.services.s3.model.CompleteMultipartUploadResponse;
import software.amazon.awssdk.services.s3.model.CopyObjectRequest;
import software.amazon.awssdk.services.s3.model.CopyObjectResponse;
import software.amazon.awssdk.services.s3.model.DeleteObjectRequest;
import software.amazon.awssdk.services.s3.model.DeleteObjectResponse;
import software.amazon.awssdk.services.s3.model.HeadObjectRequest;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.awssdk.services.s3.model.PutObjectResponse;

/**
 * Wraps s3proxy's blob store and, after every completed write or delete in a watched bucket, hands the
 * S3 event notification JSON to a sink, before the S3 request is answered.
 *
 * <p>PUT (also presigned), POST (browser form upload), copy and multipart completion each emit one
 * {@code ObjectCreated:*} event; every removed key (DeleteObject, and each key of DeleteObjects) emits one
 * {@code ObjectRemoved:Delete}, or {@code ObjectRemoved:DeleteMarkerCreated} when the store answers with
 * a delete marker. Nothing is emitted when the store call fails. If the sink throws, the S3 request fails
 * with 500 InternalError although the write happened: SDKs and the CLI retry it, which writes and notifies
 * again (at least once, as on AWS; consumers are idempotent).
 */
public final class S3EventNotifier extends ForwardingBlobStore {
    /** The filesystem store's placeholder around multipart uploads; never a user object. */
    static final String MPU_STUB_PREFIX = ".s3proxy-mpu-stub-";
    private static final Logger log = LoggerFactory.getLogger(S3EventNotifier.class);
    private static final String POST_HANDLER_CLASS = "org.gaul.s3proxy.S3ProxyHandler";
    private static final String POST_HANDLER_METHOD = "handlePostBlob";
    private static final StackWalker STACK = StackWalker.getInstance();

    private final Set<String> watchedBuckets;
    private final S3EventJson json;
    private final Consumer<String> sink;
    private final AtomicLong lastSequencer = new AtomicLong();

    public S3EventNotifier(BlobStore delegate, Set<String> watchedBuckets, S3EventJson json, Consumer<String> sink) {
        super(delegate);
        this.watchedBuckets = Set.copyOf(watchedBuckets);
        this.json = Objects.requireNonNull(json, "json");
        this.sink = Objects.requireNonNull(sink, "sink");
    }

    @Override
    public PutObjectResponse putBlob(PutObjectRequest request, InputStream input) {
        PutObjectResponse response = super.putBlob(request, input);
        if (watched(request.bucket(), request.key())) {
            String eventName = calledFromPostObject() ? "ObjectCreated:Post" : "ObjectCreated:Put";
            created(eventName, request.bucket(), request.key(), response.eTag(), response.versionId(),
                    request.contentLength());
        }
        return response;
    }

    @Override
    public CopyObjectResponse copyBlob(CopyObjectRequest request) {
        CopyObjectResponse response = super.copyBlob(request);
        if (watched(request.destinationBucket(), request.destinationKey())) {
            String eTag = response.copyObjectResult() == null ? null : response.copyObjectResult().eTag();
            created("ObjectCreated:Copy", request.destinationBucket(), request.destinationKey(), eTag,
                    response.versionId(), null);
        }
        return response;
    }

    @Override
    public CompleteMultipartUploadResponse completeMultipartUpload(MultipartUpload upload,
                                                                   CompleteMultipartUploadRequest request) {
        CompleteMultipartUploadResponse response = super.completeMultipartUpload(upload, request);
        if (watched(upload.containerName(), upload.blobName())) {
            created("ObjectCreated:CompleteMultipartUpload", upload.containerName(), upload.blobName(),
                    response.eTag(), response.versionId(), null);
        }
        return response;
    }

    @Override
    public DeleteObjectResponse removeBlob(DeleteObjectRequest request) {
        DeleteObjectResponse response = super.removeBlob(request);
        if (watched(request.bucket(), request.key())) {
            boolean marker = Boolean.TRUE.equals(response.deleteMarker());
            String versionId = response.versionId() != null ? response.versionId() : request.versionId();
            emit(new S3Event(marker ? "ObjectRemoved:DeleteMarkerCreated" : "ObjectRemoved:Delete",
                    request.bucket(), request.key(), null, null, versionId, nextSequencer(), now()));
        }
        return response;
    }

    private boolean watched(String bucket, String key) {
        return bucket != null && key != null && watchedBuckets.contains(bucket) && !key.startsWith(MPU_STUB_PREFIX);
    }

    /** Size and ETag as the store now reports them; the response's ETag wins, without quotes either way. */
    private void created(String eventName, String bucket, String key, String responseETag, String versionId,
                         Long requestLength) {
        Long size = requestLength;
        String eTag = responseETag;
        try {
            var head = delegate().blobMetadata(HeadObjectRequest.builder().bucket(bucket).key(key).build());
            size = head.contentLength();
            if (eTag == null) {
                eTag = head.eTag();
            }
        } catch (RuntimeException e) {
            log.debug("no metadata for s3://{}/{} after {}: {}", bucket, key, eventName, e.toString());
        }
        emit(new S3Event(eventName, bucket, key, size, unquote(eTag), versionId, nextSequencer(), now()));
    }

    private void emit(S3Event event) {
        String body = json.toJson(event);
        try {
            sink.accept(body);
        } catch (RuntimeException e) {
            log.error("Could not deliver {} for s3://{}/{}: {}", event.eventName(), event.bucket(), event.key(),
                    e.toString());
            // A RuntimeException would become a 400 that clients do not retry; InternalError (500) is retried.
            throw new S3ProxyException(S3ErrorCode.INTERNAL_ERROR, "event notification not delivered", e);
        }
        log.debug("{} s3://{}/{} sequencer {}", event.eventName(), event.bucket(), event.key(), event.sequencer());
    }

    /** Hexadecimal like S3's (18 digits), strictly increasing, seeded from the clock so it grows across restarts. */
    private String nextSequencer() {
        Instant now = Instant.now();
        long nanos = now.getEpochSecond() * 1_000_000_000L + now.getNano();
        long value = lastSequencer.updateAndGet(last -> Math.max(last + 1, nanos));
        return String.format(Locale.ROOT, "%018X", value);
    }

    private static Instant now() {
        return Instant.now().truncatedTo(ChronoUnit.MILLIS);
    }

    static String unquote(String eTag) {
        if (eTag == null) {
            return null;
        }
        String t = eTag.strip();
        if (t.startsWith("W/")) {
            t = t.substring(2);
        }
        return t.length() >= 2 && t.startsWith("\"") && t.endsWith("\"") ? t.substring(1, t.length() - 1) : t;
    }

    /**
     * s3proxy stores a browser form upload (POST Object) through the same {@code putBlob} as a PUT; only the
     * call stack tells them apart. If s3proxy renames its handler, POST uploads are reported as Put.
     */
    private static boolean calledFromPostObject() {
        return STACK.walk(frames -> frames.anyMatch(f ->
                f.getMethodName().equals(POST_HANDLER_METHOD) && f.getClassName().equals(POST_HANDLER_CLASS)));
    }
}

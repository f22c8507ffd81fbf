package io.imagepipe.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.imagepipe.event.S3EventJson;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Exception;

/** The notifier's edges, with an in-memory store and a sink that records (or fails). */
class S3EventNotifierTest {
    private static final List<String> sent = new CopyOnWriteArrayList<>();
    private static final AtomicInteger failuresToInject = new AtomicInteger();
    private static LocalS3 server;
    private static S3Client s3;

    @BeforeAll
    static void start() {
        S3EventJson json = new S3EventJson("us-east-1", "test", "AWS:test", "127.0.0.1");
        server = LocalS3.start(new LocalS3.Options("127.0.0.1", 0, null, "k", "s"),
                store -> new S3EventNotifier(store, Set.of("watched", "missing"), json, body -> {
                    if (failuresToInject.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
                        throw new IllegalStateException("queue unavailable");
                    }
                    sent.add(body);
                }));
        server.createBucket("watched");
        s3 = TestClients.s3(server.endpoint(), "k", "s");
    }

    @AfterAll
    static void stop() {
        s3.close();
        server.close();
    }

    @BeforeEach
    void reset() {
        sent.clear();
        failuresToInject.set(0);
    }

    @Test
    void aFailedWriteNotifiesNothing() {
        S3Exception e = catchThrowableOfType(S3Exception.class,
                () -> s3.putObject(b -> b.bucket("missing").key("a.jpg"), RequestBody.fromString("x")));

        assertThat(e.statusCode()).isEqualTo(404);
        assertThat(sent).isEmpty();
    }

    @Test
    void anAbortedMultipartUploadNotifiesNothing() {
        String uploadId = s3.createMultipartUpload(b -> b.bucket("watched").key("aborted.jpg")).uploadId();
        s3.uploadPart(b -> b.bucket("watched").key("aborted.jpg").uploadId(uploadId).partNumber(1),
                RequestBody.fromString("part"));
        s3.abortMultipartUpload(b -> b.bucket("watched").key("aborted.jpg").uploadId(uploadId));

        assertThat(sent).isEmpty();
    }

    @Test
    void aSinkFailureFailsTheRequestSoTheClientRetries() {
        failuresToInject.set(1);

        s3.putObject(b -> b.bucket("watched").key("retried.jpg"), RequestBody.fromString("x"));

        assertThat(failuresToInject).hasValue(0);
        assertThat(sent).singleElement().asString().contains("\"key\":\"retried.jpg\"");
    }

    @Test
    void eTagsLoseTheirQuotes() {
        assertThat(S3EventNotifier.unquote("\"d41d8cd98f00b204e9800998ecf8427e-3\""))
                .isEqualTo("d41d8cd98f00b204e9800998ecf8427e-3");
        assertThat(S3EventNotifier.unquote("d41d8cd98f00b204e9800998ecf8427e"))
                .isEqualTo("d41d8cd98f00b204e9800998ecf8427e");
        assertThat(S3EventNotifier.unquote(null)).isNull();
    }
}

package io.imagepipe.local;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.function.UnaryOperator;
import java.util.regex.Pattern;

import org.gaul.s3proxy.CrossOriginResourceSharing;
import org.gaul.s3proxy.S3Proxy;
import org.gaul.s3proxy.auth.AuthenticationType;
import org.gaul.s3proxy.blobstore.BlobStore;
import org.gaul.s3proxy.nio2blob.FilesystemNio2BlobStore;
import org.gaul.s3proxy.nio2blob.TransientNio2BlobStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An in-process S3 server (s3proxy) that requires AWS SigV4 and answers browser CORS requests from the
 * upload page's origins only, backed by a directory or, without one, by memory.
 */
public final class LocalS3 implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(LocalS3.class);
    private static final Duration START_TIMEOUT = Duration.ofSeconds(30);
    private static final long STOP_TIMEOUT_MILLIS = 2_000;

    /**
     * Where and how the server listens.
     *
     * @param host      interface to bind, e.g. {@code 127.0.0.1} or {@code 0.0.0.0}
     * @param port      TCP port; 0 picks a free one
     * @param dataDir   directory of the filesystem store (created if missing); null keeps objects in memory
     * @param accessKey the only access key id accepted
     * @param secretKey its secret
     * @param corsOrigins the browser origins (scheme://host:port) that may use signed URLs; none: no CORS at all
     */
    public record Options(String host, int port, Path dataDir, String accessKey, String secretKey,
                          List<String> corsOrigins) {
        public Options {
            corsOrigins = List.copyOf(corsOrigins);
            Objects.requireNonNull(host, "host");
            Objects.requireNonNull(accessKey, "accessKey");
            Objects.requireNonNull(secretKey, "secretKey");
            if (port < 0 || port > 65_535) {
                throw new IllegalArgumentException("port out of range: " + port);
            }
        }

        /** CORS for the upload page of local mode on its default port. */
        public Options(String host, int port, Path dataDir, String accessKey, String secretKey) {
            this(host, port, dataDir, accessKey, secretKey, pageOrigins(8080));
        }
    }

    /** The origins a browser gives the upload page served on {@code httpPort} of this machine. */
    public static List<String> pageOrigins(int httpPort) {
        return List.of("http://127.0.0.1:" + httpPort, "http://localhost:" + httpPort);
    }

    private final S3Proxy proxy;
    private final BlobStore store;
    private final URI endpoint;

    private LocalS3(S3Proxy proxy, BlobStore store, URI endpoint) {
        this.proxy = proxy;
        this.store = store;
        this.endpoint = endpoint;
    }

    public static LocalS3 start(Options options) {
        return start(options, UnaryOperator.identity());
    }

    /**
     * Starts the server with the backing store wrapped by {@code decorator}, e.g. an {@link S3EventNotifier}.
     * The decorator must return a {@link org.gaul.s3proxy.blobstore.ForwardingBlobStore} (or the store itself).
     */
    public static LocalS3 start(Options options, UnaryOperator<BlobStore> decorator) {
        BlobStore store = decorator.apply(backingStore(options.dataDir()));
        S3Proxy proxy = S3Proxy.builder()
                .endpoint(URI.create("http://" + hostForUri(options.host()) + ":" + options.port()))
                .blobStore(store)
                .awsAuthentication(AuthenticationType.AWS_V4, options.accessKey(), options.secretKey())
                .corsRules(browserUploads(options.corsOrigins()))
                .stopTimeout(STOP_TIMEOUT_MILLIS)
                .build();
        try {
            proxy.start();
            awaitStarted(proxy);
        } catch (Exception e) {
            stopQuietly(proxy);
            throw new IllegalStateException("s3proxy did not start on " + options.host() + ":" + options.port(), e);
        }
        URI endpoint = URI.create("http://" + advertisedHost(options.host()) + ":" + proxy.getPort());
        log.info("Local S3 listening on {} ({})", endpoint,
                options.dataDir() == null ? "in memory" : "data in " + options.dataDir().toAbsolutePath());
        return new LocalS3(proxy, store, endpoint);
    }

    /** Base URI for clients (path-style). */
    public URI endpoint() {
        return endpoint;
    }

    /** Creates the bucket unless it exists. */
    public void createBucket(String bucket) {
        if (!store.containerExists(bucket)) {
            store.createContainer(bucket);
            log.info("Created bucket {}", bucket);
        }
    }

    @Override
    public void close() {
        try {
            proxy.stop();
        } catch (Exception e) {
            log.warn("s3proxy did not stop cleanly: {}", e.toString());
        }
        store.close();
        log.info("Local S3 on {} stopped", endpoint);
    }

    private static BlobStore backingStore(Path dataDir) {
        if (dataDir == null) {
            return new TransientNio2BlobStore();
        }
        try {
            Files.createDirectories(dataDir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create S3 data directory " + dataDir, e);
        }
        return new FilesystemNio2BlobStore(dataDir.toAbsolutePath().toString());
    }

    /**
     * The given origins, exactly (s3proxy reads them as regular expressions, so they are quoted), may GET,
     * PUT, HEAD and POST with any header and read the ETag; every other origin's preflight gets 403.
     */
    private static CrossOriginResourceSharing browserUploads(List<String> origins) {
        if (origins.isEmpty()) {
            return CrossOriginResourceSharing.disabled();
        }
        return new CrossOriginResourceSharing(origins.stream().map(Pattern::quote).toList(),
                List.of("GET", "PUT", "HEAD", "POST"), List.of("*"), List.of("ETag"), "false");
    }

    private static void awaitStarted(S3Proxy proxy) throws InterruptedException {
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (!"STARTED".equals(proxy.getState())) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("s3proxy state is still " + proxy.getState());
            }
            Thread.sleep(10);
        }
    }

    private static void stopQuietly(S3Proxy proxy) {
        try {
            proxy.stop();
        } catch (Exception e) {
            log.debug("s3proxy stop after failed start: {}", e.toString());
        }
    }

    static String advertisedHost(String bindHost) {
        return isWildcard(bindHost) ? "localhost" : hostForUri(bindHost);
    }

    private static boolean isWildcard(String host) {
        return host.equals("0.0.0.0") || host.equals("::") || host.equals("[::]");
    }

    private static String hostForUri(String host) {
        return host.contains(":") && !host.startsWith("[") ? "[" + host + "]" : host;
    }
}

package io.imagepipe.local;

import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;

import org.elasticmq.NodeAddress;
import org.elasticmq.rest.sqs.SQSRestServer;
import org.elasticmq.rest.sqs.SQSRestServerBuilder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * An in-process SQS server (ElasticMQ) with a main queue that redrives to a dead-letter queue after
 * {@code maxReceiveCount} receives.
 *
 * <p>Queue URLs follow the address a client used ({@code http://<host>:<port>/<account>/<name>}), so
 * they stay right for port 0 and for clients that reach the server under another name.
 */
public final class LocalSqs implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(LocalSqs.class);
    /** ElasticMQ does not check signatures; any credentials do. */
    private static final AwsBasicCredentials ANY_CREDENTIALS = AwsBasicCredentials.create("local", "local");

    /**
     * @param host              interface to bind
     * @param port              TCP port; 0 picks a free one
     * @param region            region in queue ARNs
     * @param accountId         account in queue ARNs and URLs
     * @param queueName         the main queue
     * @param dlqName           its dead-letter queue
     * @param maxReceiveCount   receives before a message moves to the DLQ
     * @param visibilityTimeout the main queue's default visibility timeout (whole seconds, 0 allowed)
     */
    public record Options(String host, int port, String region, String accountId, String queueName, String dlqName,
                          int maxReceiveCount, Duration visibilityTimeout) {
        public static final String DEFAULT_QUEUE = "imagepipe-events";
        public static final String DEFAULT_DLQ = "imagepipe-events-dlq";

        public Options {
            Objects.requireNonNull(host, "host");
            Objects.requireNonNull(region, "region");
            Objects.requireNonNull(accountId, "accountId");
            Objects.requireNonNull(queueName, "queueName");
            Objects.requireNonNull(dlqName, "dlqName");
            Objects.requireNonNull(visibilityTimeout, "visibilityTimeout");
            if (port < 0 || port > 65_535) {
                throw new IllegalArgumentException("port out of range: " + port);
            }
            if (maxReceiveCount < 1) {
                throw new IllegalArgumentException("maxReceiveCount must be at least 1: " + maxReceiveCount);
            }
            if (visibilityTimeout.isNegative() || visibilityTimeout.toSeconds() > 43_200) {
                throw new IllegalArgumentException("visibilityTimeout must be 0 s to 12 h: " + visibilityTimeout);
            }
            if (queueName.equals(dlqName)) {
                throw new IllegalArgumentException("queue and DLQ need different names: " + queueName);
            }
        }

        /** 127.0.0.1 on a free port, us-east-1, account 000000000000, default names, 5 receives, 30 s. */
        public static Options defaults() {
            return new Options("127.0.0.1", 0, "us-east-1", "000000000000", DEFAULT_QUEUE, DEFAULT_DLQ, 5,
                    Duration.ofSeconds(30));
        }
    }

    private final SQSRestServer server;
    private final URI endpoint;
    private final String queueUrl;
    private final String dlqUrl;
    private final QueueStore store;

    private LocalSqs(SQSRestServer server, URI endpoint, String queueUrl, String dlqUrl, QueueStore store) {
        this.server = server;
        this.endpoint = endpoint;
        this.queueUrl = queueUrl;
        this.dlqUrl = dlqUrl;
        this.store = store;
    }

    /** Queues and messages in memory: gone when the server stops. */
    public static LocalSqs start(Options options) {
        return start(options, null);
    }

    /**
     * @param storeDir where queues and messages are kept (an H2 database, restored at the next start), so
     *                 pending messages, their receive counts and the DLQ survive a stop or a {@code kill -9};
     *                 null keeps them in memory. Only one persistent server can run in a JVM at a time
     *                 (ElasticMQ's SQL store uses one process-wide connection pool).
     */
    public static LocalSqs start(Options options, Path storeDir) {
        QueueStore store = storeDir == null ? null : QueueStore.open(storeDir);
        var builder = store == null ? SQSRestServerBuilder.withInterface(options.host())
                : SQSRestServerBuilder.withActorSystem(store.actorSystem()).withQueueManagerActor(store.queueManager())
                        .withQueueEventListener(store.listener()).withInterface(options.host());
        SQSRestServer server = builder
                .withPort(options.port())
                .withServerAddress(NodeAddress.apply("http", "*", options.port(), ""))
                .withAWSRegion(options.region())
                .withAWSAccountId(options.accountId())
                .start();
        try {
            InetSocketAddress bound = server.waitUntilStarted().localAddress();
            URI endpoint = URI.create("http://" + LocalS3.advertisedHost(options.host()) + ":" + bound.getPort());
            try (SqsClient sqs = client(endpoint, options.region())) {
                String dlqUrl = sqs.createQueue(b -> b.queueName(options.dlqName())).queueUrl();
                String dlqArn = sqs.getQueueAttributes(b -> b.queueUrl(dlqUrl)
                                .attributeNames(QueueAttributeName.QUEUE_ARN))
                        .attributes().get(QueueAttributeName.QUEUE_ARN);
                String redrivePolicy = "{\"deadLetterTargetArn\":\"" + dlqArn + "\",\"maxReceiveCount\":\""
                        + options.maxReceiveCount() + "\"}";
                String queueUrl = sqs.createQueue(b -> b.queueName(options.queueName()).attributes(Map.of(
                        QueueAttributeName.VISIBILITY_TIMEOUT, Long.toString(options.visibilityTimeout().toSeconds()),
                        QueueAttributeName.REDRIVE_POLICY, redrivePolicy))).queueUrl();
                log.info("Local SQS listening on {}: queue {} (visibility {} s, to DLQ after {} receives), DLQ {}, {}",
                        endpoint, queueUrl, options.visibilityTimeout().toSeconds(), options.maxReceiveCount(), dlqUrl,
                        store == null ? "messages in memory" : "messages kept in " + storeDir.toAbsolutePath());
                return new LocalSqs(server, endpoint, queueUrl, dlqUrl, store);
            }
        } catch (Exception e) { // Await.result may throw checked exceptions undeclared
            stop(server);
            if (store != null) {
                store.close();
            }
            throw new IllegalStateException("ElasticMQ did not start on " + options.host() + ":" + options.port(), e);
        }
    }

    public URI endpoint() {
        return endpoint;
    }

    public String queueUrl() {
        return queueUrl;
    }

    public String dlqUrl() {
        return dlqUrl;
    }

    @Override
    public void close() {
        stop(server);
        if (store != null) {
            store.close();
        }
        log.info("Local SQS on {} stopped", endpoint);
    }

    /** A synchronous client for this server (the SDK's default HTTP client; the caller closes it). */
    static SqsClient client(URI endpoint, String region) {
        return SqsClient.builder()
                .endpointOverride(endpoint)
                .region(Region.of(region))
                .credentialsProvider(StaticCredentialsProvider.create(ANY_CREDENTIALS))
                .build();
    }

    private static void stop(SQSRestServer server) {
        try {
            // A client's 20 s long poll would otherwise hold the server open until it times out:
            // end open requests after a second, then stop the actor system.
            scala.concurrent.Await.result(server.waitUntilStarted().terminate(
                    scala.concurrent.duration.FiniteDuration.create(1, java.util.concurrent.TimeUnit.SECONDS)),
                    scala.concurrent.duration.FiniteDuration.create(5, java.util.concurrent.TimeUnit.SECONDS));
        } catch (Exception e) {
            log.debug("terminating ElasticMQ's HTTP binding: {}", e.toString());
        }
        try {
            server.stopAndWait();
        } catch (RuntimeException e) {
            log.warn("ElasticMQ did not stop cleanly: {}", e.toString());
        }
    }
}

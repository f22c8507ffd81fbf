package io.imagepipe.local;

import io.imagepipe.event.S3EventJson;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;

/**
 * Local mode's AWS: an in-process SQS (main queue + DLQ) and an in-process S3 whose writes and deletes in
 * the source buckets are sent to the main queue as S3 event notifications before the S3 request returns.
 */
public final class LocalEnvironment implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(LocalEnvironment.class);
    private static final String ACCOUNT_ID = "000000000000";
    private static final String CONFIGURATION_ID = "imagepipe-local";
    /** Bucket names cannot start with a dot, so s3proxy's filesystem store never takes this folder for a bucket. */
    static final String QUEUE_DIR = ".imagepipe-sqs";

    /**
     * @param dataDir          where S3 keeps objects; null keeps them in memory
     * @param s3Host           S3 bind address
     * @param s3Port           S3 port, 0 for a free one
     * @param sqsHost          SQS bind address
     * @param sqsPort          SQS port, 0 for a free one
     * @param accessKey        the S3 access key id
     * @param secretKey        the S3 secret
     * @param region           region of events and queue ARNs
     * @param sourceBuckets    buckets whose changes are notified (created at start)
     * @param otherBuckets     further buckets to create, not notified (e.g. the output bucket)
     * @param queueName        main queue
     * @param dlqName          dead-letter queue
     * @param maxReceiveCount  receives before the main queue moves a message to the DLQ
     * @param visibilityTimeout default visibility timeout of the main queue
     * @param corsOrigins      the only browser origins S3 answers CORS for: the upload page's
     */
    public record Options(Path dataDir, String s3Host, int s3Port, String sqsHost, int sqsPort, String accessKey,
                          String secretKey, String region, List<String> sourceBuckets, List<String> otherBuckets,
                          String queueName, String dlqName, int maxReceiveCount, Duration visibilityTimeout,
                          List<String> corsOrigins) {
        public static final String DEFAULT_ACCESS_KEY = "imagepipe";
        public static final String DEFAULT_SECRET_KEY = "imagepipe-local-secret";
        public static final int DEFAULT_S3_PORT = 9000;
        public static final int DEFAULT_SQS_PORT = 9324;

        public Options {
            sourceBuckets = List.copyOf(sourceBuckets);
            otherBuckets = List.copyOf(otherBuckets);
            corsOrigins = List.copyOf(corsOrigins);
            Objects.requireNonNull(region, "region");
            if (sourceBuckets.isEmpty()) {
                throw new IllegalArgumentException("at least one source bucket is needed");
            }
        }

        /**
         * In memory, S3 on 127.0.0.1:9000 and SQS on 127.0.0.1:9324, key {@code imagepipe} /
         * {@code imagepipe-local-secret}, us-east-1, source bucket {@code uploads}, output bucket
         * {@code renditions}, queues {@code imagepipe-events} and {@code imagepipe-events-dlq}, 5 receives, 30 s,
         * CORS for the upload page on port 8080.
         */
        public static Options defaults() {
            return new Options(null, "127.0.0.1", DEFAULT_S3_PORT, "127.0.0.1", DEFAULT_SQS_PORT,
                    DEFAULT_ACCESS_KEY, DEFAULT_SECRET_KEY, "us-east-1", List.of("uploads"), List.of("renditions"),
                    LocalSqs.Options.DEFAULT_QUEUE, LocalSqs.Options.DEFAULT_DLQ, 5, Duration.ofSeconds(30),
                    LocalS3.pageOrigins(8080));
        }

        /** {@link #defaults()} on free ports: for tests and for running beside another instance. */
        public static Options ephemeral() {
            return defaults().withS3Port(0).withSqsPort(0);
        }

        public Options withDataDir(Path v) {
            return new Options(v, s3Host, s3Port, sqsHost, sqsPort, accessKey, secretKey, region, sourceBuckets,
                    otherBuckets, queueName, dlqName, maxReceiveCount, visibilityTimeout, corsOrigins);
        }

        public Options withS3(String host, int port) {
            return new Options(dataDir, host, port, sqsHost, sqsPort, accessKey, secretKey, region, sourceBuckets,
                    otherBuckets, queueName, dlqName, maxReceiveCount, visibilityTimeout, corsOrigins);
        }

        public Options withS3Port(int v) {
            return withS3(s3Host, v);
        }

        public Options withSqs(String host, int port) {
            return new Options(dataDir, s3Host, s3Port, host, port, accessKey, secretKey, region, sourceBuckets,
                    otherBuckets, queueName, dlqName, maxReceiveCount, visibilityTimeout, corsOrigins);
        }

        public Options withSqsPort(int v) {
            return withSqs(sqsHost, v);
        }

        public Options withCredentials(String accessKeyId, String secret) {
            return new Options(dataDir, s3Host, s3Port, sqsHost, sqsPort, accessKeyId, secret, region,
                    sourceBuckets, otherBuckets, queueName, dlqName, maxReceiveCount, visibilityTimeout, corsOrigins);
        }

        public Options withRegion(String v) {
            return new Options(dataDir, s3Host, s3Port, sqsHost, sqsPort, accessKey, secretKey, v, sourceBuckets,
                    otherBuckets, queueName, dlqName, maxReceiveCount, visibilityTimeout, corsOrigins);
        }

        public Options withBuckets(List<String> sources, List<String> others) {
            return new Options(dataDir, s3Host, s3Port, sqsHost, sqsPort, accessKey, secretKey, region, sources,
                    others, queueName, dlqName, maxReceiveCount, visibilityTimeout, corsOrigins);
        }

        public Options withQueues(String queue, String dlq) {
            return new Options(dataDir, s3Host, s3Port, sqsHost, sqsPort, accessKey, secretKey, region,
                    sourceBuckets, otherBuckets, queue, dlq, maxReceiveCount, visibilityTimeout, corsOrigins);
        }

        public Options withRedrive(int receives, Duration visibility) {
            return new Options(dataDir, s3Host, s3Port, sqsHost, sqsPort, accessKey, secretKey, region,
                    sourceBuckets, otherBuckets, queueName, dlqName, receives, visibility, corsOrigins);
        }

        /** Browser origins that may PUT and GET with signed URLs, e.g. {@code http://127.0.0.1:8080}. */
        public Options withCorsOrigins(List<String> origins) {
            return new Options(dataDir, s3Host, s3Port, sqsHost, sqsPort, accessKey, secretKey, region,
                    sourceBuckets, otherBuckets, queueName, dlqName, maxReceiveCount, visibilityTimeout, origins);
        }

        /** Where the queues persist: beside the buckets in the data folder (a name no bucket can have); null in memory. */
        public Path queueDir() {
            return dataDir == null ? null : dataDir.resolve(QUEUE_DIR);
        }

        LocalSqs.Options sqsOptions() {
            return new LocalSqs.Options(sqsHost, sqsPort, region, ACCOUNT_ID, queueName, dlqName, maxReceiveCount,
                    visibilityTimeout);
        }

        LocalS3.Options s3Options() {
            return new LocalS3.Options(s3Host, s3Port, dataDir, accessKey, secretKey, corsOrigins);
        }
    }

    private final Options options;
    private final LocalSqs sqs;
    private final SqsQueueSink sink;
    private final LocalS3 s3;

    private LocalEnvironment(Options options, LocalSqs sqs, SqsQueueSink sink, LocalS3 s3) {
        this.options = options;
        this.sqs = sqs;
        this.sink = sink;
        this.s3 = s3;
    }

    public static LocalEnvironment start(Options options) {
        long started = System.nanoTime();
        LocalSqs sqs = LocalSqs.start(options.sqsOptions(), options.queueDir());
        SqsQueueSink sink = null;
        LocalS3 s3 = null;
        try {
            sink = new SqsQueueSink(sqs.endpoint(), options.region(), sqs.queueUrl());
            S3EventJson json = new S3EventJson(options.region(), CONFIGURATION_ID, "AWS:" + options.accessKey(),
                    "127.0.0.1");
            SqsQueueSink target = sink;
            Set<String> sources = Set.copyOf(options.sourceBuckets());
            s3 = LocalS3.start(options.s3Options(), store -> new S3EventNotifier(store, sources, json, target));
            Set<String> buckets = new LinkedHashSet<>(options.sourceBuckets());
            buckets.addAll(options.otherBuckets());
            buckets.forEach(s3::createBucket);
            log.info("Local environment ready in {} ms: S3 {} (events for {}), SQS {}",
                    (System.nanoTime() - started) / 1_000_000, s3.endpoint(), options.sourceBuckets(), sqs.queueUrl());
            return new LocalEnvironment(options, sqs, sink, s3);
        } catch (RuntimeException e) {
            closeAll(s3, sink, sqs);
            throw e;
        }
    }

    public Options options() {
        return options;
    }

    public URI s3Endpoint() {
        return s3.endpoint();
    }

    public URI sqsEndpoint() {
        return sqs.endpoint();
    }

    public String accessKey() {
        return options.accessKey();
    }

    public String secretKey() {
        return options.secretKey();
    }

    public AwsCredentialsProvider credentialsProvider() {
        return StaticCredentialsProvider.create(AwsBasicCredentials.create(accessKey(), secretKey()));
    }

    public String region() {
        return options.region();
    }

    public String queueUrl() {
        return sqs.queueUrl();
    }

    public String dlqUrl() {
        return sqs.dlqUrl();
    }

    public LocalS3 s3() {
        return s3;
    }

    public LocalSqs sqs() {
        return sqs;
    }

    /** Stops S3 first, so no write can lose its notification, then the queue. */
    @Override
    public void close() {
        closeAll(s3, sink, sqs);
    }

    private static void closeAll(AutoCloseable... parts) {
        for (AutoCloseable part : parts) {
            if (part == null) {
                continue;
            }
            try {
                part.close();
            } catch (Exception e) {
                log.warn("{} did not close cleanly: {}", part.getClass().getSimpleName(), e.toString());
            }
        }
    }
}

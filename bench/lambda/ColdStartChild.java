import com.amazonaws.services.lambda.runtime.ClientContext;
import com.amazonaws.services.lambda.runtime.CognitoIdentity;
import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.LambdaLogger;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import io.imagepipe.lambda.FunctionEnvironment;
import io.imagepipe.lambda.SqsBatchHandler;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.util.List;
import java.util.Map;

/**
 * One cold start of the SQS handler in this JVM, as the Lambda runtime does it: construct the
 * handler (the init phase), optionally prime it (what SnapStart does before its snapshot) and run
 * the restore hook, then invoke it with one record, then with a second. Runs on the Lambda jar
 * alone. Prints one line: RESULT {json}.
 *
 * Args: prime|noprime  messageId receiptHandle queueArn body1File  messageId2 receiptHandle2 body2File
 * Or:   client netty|crt|urlconnection s3Endpoint bucket   (HTTP client build + first request)
 */
public final class ColdStartChild {
    public static void main(String[] args) throws Exception {
        long mainAt = System.currentTimeMillis();
        long jvmToMain = mainAt - ManagementFactory.getRuntimeMXBean().getStartTime();
        if (args[0].equals("client")) {
            client(args[1], URI.create(args[2]), args[3], jvmToMain);
            return;
        }
        boolean prime = args[0].equals("prime");
        long t0 = System.nanoTime();
        FunctionEnvironment environment = FunctionEnvironment.fromSystem();
        SqsBatchHandler handler = new SqsBatchHandler(environment);
        long init = System.nanoTime() - t0;
        long priming = 0;
        long restore = 0;
        if (prime) {
            long p0 = System.nanoTime();
            environment.priming().beforeCheckpoint(null);
            priming = System.nanoTime() - p0;
            long r0 = System.nanoTime();
            environment.priming().afterRestore(null);
            restore = System.nanoTime() - r0;
        }
        long i0 = System.nanoTime();
        SQSBatchResponse first = handler.handleRequest(event(args[1], args[2], args[3], args[4]), new BenchContext());
        long firstInvoke = System.nanoTime() - i0;
        long s0 = System.nanoTime();
        SQSBatchResponse second = handler.handleRequest(event(args[5], args[6], args[3], args[7]), new BenchContext());
        long secondInvoke = System.nanoTime() - s0;
        if (!first.getBatchItemFailures().isEmpty() || !second.getBatchItemFailures().isEmpty()) {
            throw new IllegalStateException("a record failed: " + first + " " + second);
        }
        System.out.println("RESULT {\"mode\":\"" + args[0] + "\",\"jvmToMainMs\":" + jvmToMain
                + ",\"initMs\":" + ms(init) + ",\"primeMs\":" + ms(priming) + ",\"restoreHookMs\":" + ms(restore)
                + ",\"firstInvokeMs\":" + ms(firstInvoke) + ",\"secondInvokeMs\":" + ms(secondInvoke) + "}");
        System.exit(0); // the SDK's Netty threads are not daemons
    }

    private static long ms(long nanos) {
        return Math.round(nanos / 1e6);
    }

    private static SQSEvent event(String id, String handle, String arn, String bodyFile) throws Exception {
        SQSEvent.SQSMessage m = new SQSEvent.SQSMessage();
        m.setMessageId(id);
        m.setReceiptHandle(handle);
        m.setBody(java.nio.file.Files.readString(java.nio.file.Path.of(bodyFile)));
        m.setEventSourceArn(arn);
        m.setEventSource("aws:sqs");
        m.setAwsRegion("us-east-1");
        m.setAttributes(Map.of("ApproximateReceiveCount", "1"));
        SQSEvent e = new SQSEvent();
        e.setRecords(List.of(m));
        return e;
    }

    /** Build an S3 client on one HTTP client and make one request: what each costs at init. */
    private static void client(String kind, URI endpoint, String bucket, long jvmToMain) throws Exception {
        long t0 = System.nanoTime();
        var credentials = software.amazon.awssdk.auth.credentials.EnvironmentVariableCredentialsProvider.create();
        var region = software.amazon.awssdk.regions.Region.US_EAST_1;
        long build;
        long request;
        switch (kind) {
            case "urlconnection" -> {
                var http = (software.amazon.awssdk.http.SdkHttpClient) Class.forName(
                        "software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient").getMethod("create").invoke(null);
                var s3 = software.amazon.awssdk.services.s3.S3Client.builder().httpClient(http).region(region)
                        .credentialsProvider(credentials).endpointOverride(endpoint).forcePathStyle(true).build();
                build = System.nanoTime() - t0;
                long r0 = System.nanoTime();
                s3.headBucket(b -> b.bucket(bucket));
                request = System.nanoTime() - r0;
            }
            default -> {
                software.amazon.awssdk.http.async.SdkAsyncHttpClient http = kind.equals("crt")
                        ? (software.amazon.awssdk.http.async.SdkAsyncHttpClient) Class.forName(
                                "software.amazon.awssdk.http.crt.AwsCrtAsyncHttpClient").getMethod("create").invoke(null)
                        : software.amazon.awssdk.http.nio.netty.NettyNioAsyncHttpClient.create();
                var s3 = software.amazon.awssdk.services.s3.S3AsyncClient.builder().httpClient(http).region(region)
                        .credentialsProvider(credentials).endpointOverride(endpoint).forcePathStyle(true).build();
                build = System.nanoTime() - t0;
                long r0 = System.nanoTime();
                s3.headBucket(b -> b.bucket(bucket)).join();
                request = System.nanoTime() - r0;
            }
        }
        System.out.println("RESULT {\"mode\":\"client-" + kind + "\",\"jvmToMainMs\":" + jvmToMain + ",\"buildMs\":"
                + ms(build) + ",\"firstRequestMs\":" + ms(request) + "}");
        System.exit(0);
    }

    private static final class BenchContext implements Context {
        private final long deadline = System.currentTimeMillis() + 60_000;

        public String getAwsRequestId() { return "bench"; }
        public String getLogGroupName() { return "bench"; }
        public String getLogStreamName() { return "bench"; }
        public String getFunctionName() { return "imagepipe"; }
        public String getFunctionVersion() { return "1"; }
        public String getInvokedFunctionArn() { return "arn:aws:lambda:us-east-1:000000000000:function:imagepipe"; }
        public CognitoIdentity getIdentity() { return null; }
        public ClientContext getClientContext() { return null; }
        public int getRemainingTimeInMillis() { return (int) (deadline - System.currentTimeMillis()); }
        public int getMemoryLimitInMB() { return 1769; }
        public LambdaLogger getLogger() {
            return new LambdaLogger() {
                public void log(String message) { System.out.println(message); }
                public void log(byte[] message) { System.out.println(new String(message)); }
            };
        }
    }
}

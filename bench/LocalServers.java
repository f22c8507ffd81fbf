import io.imagepipe.local.LocalEnvironment;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/**
 * Local mode's S3 (s3proxy, with the S3 event notifier) and SQS (ElasticMQ) alone, without the
 * service: bench/service.sh runs `imagepipe serve` against them in another JVM (SPLIT=1), so the
 * service's CPU and memory are measured apart from the servers'.
 *
 *   java -cp target/imagepipe.jar bench/LocalServers.java DATA_DIR WATCHED_BUCKETS OTHER_BUCKETS
 *
 * Prints "S3 <endpoint>", "SQS <endpoint>", "QUEUE <url>", "DLQ <url>" and "READY", then runs until killed.
 */
public class LocalServers {
    public static void main(String[] args) throws Exception {
        List<String> watched = Arrays.asList(args[1].split(","));
        List<String> others = args.length > 2 && !args[2].isEmpty() ? Arrays.asList(args[2].split(",")) : List.of();
        LocalEnvironment env = LocalEnvironment.start(LocalEnvironment.Options.ephemeral()
                .withDataDir(Path.of(args[0])).withBuckets(watched, others));
        Runtime.getRuntime().addShutdownHook(new Thread(env::close));
        System.out.println("S3 " + env.s3Endpoint());
        System.out.println("SQS " + env.sqsEndpoint());
        System.out.println("QUEUE " + env.queueUrl());
        System.out.println("DLQ " + env.dlqUrl());
        System.out.println("READY");
        Thread.currentThread().join();
    }
}

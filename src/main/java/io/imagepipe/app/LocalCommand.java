package io.imagepipe.app;

import io.imagepipe.cli.Arguments;
import io.imagepipe.config.ConfigException;
import io.imagepipe.config.ConfigLoader;
import io.imagepipe.local.LocalEnvironment;
import io.vertx.core.VertxOptions;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code imagepipe local [--data DIR | --in-memory] [--s3-port N] [--sqs-port N] [--http-port N]}:
 * everything in one JVM, no Docker and no AWS account. Prints the endpoints and a first command to try.
 */
public final class LocalCommand {
    static final String USAGE = "usage: imagepipe local [--data DIR | --in-memory] [--s3-port N] [--sqs-port N]"
            + " [--http-port N]";

    public int run(List<String> args) {
        LocalEnvironment.Options servers = LocalEnvironment.Options.defaults().withDataDir(Path.of("data"));
        Map<String, String> env = new HashMap<>(System.getenv());
        try {
            for (int i = 0; i < args.size(); i++) {
                String a = args.get(i);
                switch (a) {
                    case "--data" -> servers = servers.withDataDir(Path.of(Arguments.value(args, ++i, a)));
                    case "--in-memory" -> servers = servers.withDataDir(null);
                    case "--s3-port" -> servers = servers.withS3Port(Arguments.integer(args, ++i, a, 0, 65_535));
                    case "--sqs-port" -> servers = servers.withSqsPort(Arguments.integer(args, ++i, a, 0, 65_535));
                    case "--http-port" -> env.put(ConfigLoader.PREFIX + "HTTP_PORT",
                            Integer.toString(Arguments.integer(args, ++i, a, 0, 65_535)));
                    default -> throw new IllegalArgumentException("unknown option " + a);
                }
            }
        } catch (IllegalArgumentException e) {
            System.err.println("imagepipe local: " + e.getMessage());
            System.err.println(USAGE);
            return 2;
        }
        LocalMode local;
        try {
            local = LocalMode.start(env, servers, new VertxOptions());
        } catch (ConfigException e) {
            System.err.println("imagepipe: " + e.getMessage());
            return 2;
        }
        System.out.println(banner(local, servers));
        ServeCommand.awaitShutdown(local);
        return 0;
    }

    private static String banner(LocalMode local, LocalEnvironment.Options servers) {
        LocalEnvironment e = local.environment();
        var c = local.service().config();
        String source = c.sourceBuckets().iterator().next();
        String s3 = e.s3Endpoint().toString();
        String page = "http://127.0.0.1:" + local.service().httpPort() + "/";
        return String.join("\n",
                "",
                "imagepipe is ready: open " + page + " to upload images and watch their renditions arrive",
                "",
                "  S3 (s3proxy)      " + s3 + "   buckets: " + c.sourceBuckets() + " -> " + c.outputBucket()
                        + "   data: " + (servers.dataDir() == null ? "in memory" : servers.dataDir().toAbsolutePath()),
                "  SQS (ElasticMQ)   " + e.sqsEndpoint() + "   queue: " + e.queueUrl(),
                "                    dead letters: " + e.dlqUrl(),
                "  HTTP              " + page + "   page, /api/uploads, /api/images, /health/ready, /metrics",
                "  credentials       AWS_ACCESS_KEY_ID=" + e.accessKey() + " AWS_SECRET_ACCESS_KEY=" + e.secretKey()
                        + " AWS_REGION=" + e.region(),
                "",
                "Try it (AWS CLI v2):",
                "  export AWS_ACCESS_KEY_ID=" + e.accessKey() + " AWS_SECRET_ACCESS_KEY=" + e.secretKey()
                        + " AWS_REGION=" + e.region(),
                "  aws s3 cp photo.jpg s3://" + source + "/photos/photo.jpg --endpoint-url " + s3,
                "  aws s3 ls s3://" + c.outputBucket() + "/ --recursive --endpoint-url " + s3,
                "  aws s3 cp s3://" + c.outputBucket() + "/" + c.manifestKey("photos/photo.jpg") + " - --endpoint-url " + s3,
                "",
                "Ctrl-C stops it (in-flight images finish first).",
                "");
    }
}

package io.imagepipe;

import io.imagepipe.app.LocalCommand;
import io.imagepipe.app.ServeCommand;
import io.imagepipe.cli.BackfillCommand;
import io.imagepipe.cli.RedriveCommand;
import io.imagepipe.cli.ResizeCommand;
import java.util.Arrays;
import java.util.List;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;

/** Entry point: {@code imagepipe local | serve | resize | backfill | redrive}. */
public final class Main {
    private static final String USAGE = """
            usage: java -jar imagepipe.jar COMMAND [ARGS]
              local  [--data DIR | --in-memory] [--s3-port N] [--sqs-port N] [--http-port N]
                     S3 and SQS servers in this JVM, the pipeline and HTTP: try it with no AWS account
              serve  the service against AWS or any S3/SQS endpoint, configured by IMAGEPIPE_* variables
              resize [--renditions SPEC] [--out DIR] FILE...
                     renditions of local files, one JSON line per file
              backfill [--prefix P] [--bucket B]... [--prune] [--dry-run] [--include-rejected]
                       [--rate PER_SECOND] [--concurrency N] [--in-process]
                     bring every source's outputs up to date: enqueue those without a current manifest,
                     and with --prune remove outputs whose source is gone (IMAGEPIPE_* variables as serve)
              redrive [--reason REASON] [--dry-run]
                     move dead-lettered messages back to the queue, all or those of one reason
            """;

    private Main() {
    }

    public static void main(String[] args) {
        System.exit(run(args));
    }

    static int run(String[] args) {
        if (args.length == 0) {
            System.err.print(USAGE);
            return 2;
        }
        List<String> rest = Arrays.asList(args).subList(1, args.length);
        String command = args[0];
        chooseLogFormat(command);
        return switch (command) {
            case "local" -> new LocalCommand().run(rest);
            case "serve" -> new ServeCommand().run(rest);
            case "resize" -> new ResizeCommand(System.out, System.err).run(rest);
            case "backfill" -> new BackfillCommand(System.out, System.err).run(rest, System.getenv(),
                    DefaultCredentialsProvider.builder().build());
            case "redrive" -> new RedriveCommand(System.out, System.err).run(rest, System.getenv(),
                    DefaultCredentialsProvider.builder().build());
            case "help", "--help", "-h" -> {
                System.out.print(USAGE);
                yield 0;
            }
            default -> {
                System.err.println("imagepipe: unknown command '" + command + "'");
                System.err.print(USAGE);
                yield 2;
            }
        };
    }

    /** JSON lines for `serve` (log shippers), human lines elsewhere; IMAGEPIPE_LOG_FORMAT overrides. Before any logger exists. */
    private static void chooseLogFormat(String command) {
        String format = System.getenv("IMAGEPIPE_LOG_FORMAT");
        if (format == null || format.isBlank()) {
            format = command.equals("serve") ? "json" : "text";
        }
        if (format.strip().equalsIgnoreCase("json") && System.getProperty("logback.configurationFile") == null) {
            System.setProperty("logback.configurationFile", "logback-json.xml");
        }
    }
}

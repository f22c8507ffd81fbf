package io.imagepipe.cli;

import io.imagepipe.config.Config;
import io.imagepipe.config.ConfigException;
import io.imagepipe.config.ConfigLoader;
import io.imagepipe.storage.ObjectStore;
import java.io.PrintStream;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;

/**
 * {@code imagepipe redrive [--reason R] [--dry-run]}: moves dead-lettered messages from
 * {@code IMAGEPIPE_DLQ_URL} back to {@code IMAGEPIPE_QUEUE_URL}, once whatever failed them is fixed.
 * Prints one line per reason with its count.
 */
public final class RedriveCommand {
    static final String USAGE = "usage: imagepipe redrive [--reason REASON] [--dry-run]";

    private final PrintStream out;
    private final PrintStream err;

    public RedriveCommand(PrintStream out, PrintStream err) {
        this.out = out;
        this.err = err;
    }

    public int run(List<String> args, Map<String, String> env, AwsCredentialsProvider credentials) {
        Optional<String> reason = Optional.empty();
        boolean dryRun = false;
        try {
            for (int i = 0; i < args.size(); i++) {
                String a = args.get(i);
                switch (a) {
                    case "--reason" -> reason = Optional.of(Arguments.value(args, ++i, a));
                    case "--dry-run" -> dryRun = true;
                    default -> throw new IllegalArgumentException("unknown option " + a);
                }
            }
        } catch (IllegalArgumentException e) {
            err.println("imagepipe redrive: " + e.getMessage());
            err.println(USAGE);
            return 2;
        }
        Config config;
        try {
            config = new ConfigLoader(env, Map.of()).load();
        } catch (ConfigException e) {
            err.println("imagepipe redrive: " + e.getMessage());
            return 2;
        }
        if (config.dlqUrl().isEmpty()) {
            err.println("imagepipe redrive: " + ConfigLoader.PREFIX + "DLQ_URL is not set: give the dead-letter"
                    + " queue's URL (the queue's redrive policy names it)");
            return 2;
        }
        try (CommandClients clients = new CommandClients(config, credentials, 8)) {
            Map<String, Long> counts = new Redrive(clients.sqs(), config.queueUrl(), config.dlqUrl().get())
                    .run(reason, dryRun);
            String verb = dryRun ? "would move" : "moved";
            counts.forEach((why, n) -> out.println(verb + " " + n + " " + Printable.of(why)));
            out.println(verb + " " + counts.values().stream().mapToLong(Long::longValue).sum() + " messages in all"
                    + (dryRun ? " (dry run: nothing moved)" : " from " + config.dlqUrl().get() + " to "
                    + config.queueUrl()));
            return 0;
        } catch (RuntimeException e) {
            err.println("imagepipe redrive: " + Printable.of(String.valueOf(ObjectStore.unwrap(e))));
            return 1;
        }
    }
}

package io.imagepipe;

import io.imagepipe.cli.ResizeCommand;
import java.util.Arrays;
import java.util.List;

/** Entry point: {@code imagepipe local | serve | resize}. */
public final class Main {
    private static final String USAGE = """
            usage: java -jar imagepipe.jar COMMAND [ARGS]
              resize [--renditions SPEC] [--out DIR] FILE...   renditions of local files, one JSON line per file
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
        return switch (args[0]) {
            case "resize" -> new ResizeCommand(System.out, System.err).run(rest);
            case "help", "--help", "-h" -> {
                System.out.print(USAGE);
                yield 0;
            }
            default -> {
                System.err.println("imagepipe: unknown command '" + args[0] + "'");
                System.err.print(USAGE);
                yield 2;
            }
        };
    }
}

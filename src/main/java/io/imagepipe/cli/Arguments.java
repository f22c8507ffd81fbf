package io.imagepipe.cli;

import java.util.List;

/** Reading option values of the command-line subcommands, with errors that name the option. */
public final class Arguments {
    private Arguments() {
    }

    /** The value after an option at {@code i}, or an error saying the option needs one. */
    public static String value(List<String> args, int i, String option) {
        if (i >= args.size()) {
            throw new IllegalArgumentException(option + " needs a value");
        }
        return args.get(i);
    }

    /** The whole number after an option at {@code i}, from {@code min} to {@code max}. */
    public static int integer(List<String> args, int i, String option, int min, int max) {
        return integer(value(args, i, option), option, min, max);
    }

    /** A whole number from {@code min} to {@code max}. */
    public static int integer(String value, String option, int min, int max) {
        try {
            int n = Integer.parseInt(value);
            if (n >= min && n <= max) {
                return n;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException(option + " needs a whole number from " + min + " to " + max
                + ", not '" + value + "'");
    }
}

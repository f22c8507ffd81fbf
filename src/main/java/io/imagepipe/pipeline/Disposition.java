package io.imagepipe.pipeline;

import java.time.Duration;
import java.util.OptionalInt;

/**
 * What must happen to a queue message once its {@link Outcome} is known (DESIGN.md section 5).
 * The one place that maps outcomes to queue actions: the SQS consumer and the Lambda adapter only
 * carry out what {@link Rule#decide} answers.
 */
public sealed interface Disposition {

    /** Done with: delete the message. */
    record Delete() implements Disposition {
    }

    /**
     * Send the body to the DLQ with {@code reason} and {@code message} attached, then delete it. Both
     * are already safe for SQS message attributes: control characters escaped, never empty, at most
     * {@link #MAX_ATTRIBUTE_CHARS} code points.
     */
    record DeadLetter(String reason, String message) implements Disposition {
        public DeadLetter {
            reason = attributeText(reason);
            message = attributeText(message);
        }
    }

    /** Make it visible again after {@code delay}, for another try. */
    record Release(Duration delay) implements Disposition {
    }

    /** Make it visible again at once: the work never started and another consumer should take it. */
    record ReleaseNow() implements Disposition {
    }

    int MAX_ATTRIBUTE_CHARS = 1024;

    /**
     * The decision, given what the queue allows.
     *
     * @param backoff    how long a retried message stays hidden, by receive count
     * @param deadLetter whether there is a DLQ to send to; without one a rejection is released and
     *                   left to the queue's redrive policy
     */
    record Rule(RetryBackoff backoff, boolean deadLetter) {

        /**
         * @param receiveCount    how many times the queue has delivered this message, this time included
         * @param maxReceiveCount the queue's redrive {@code maxReceiveCount}; empty when it has no
         *                        redrive policy, and then a transient failure is retried for ever
         */
        public Disposition decide(Outcome outcome, int receiveCount, OptionalInt maxReceiveCount) {
            if (outcome instanceof Outcome.Released) {
                return new ReleaseNow();
            }
            if (outcome instanceof Outcome.Rejected rejected) {
                return deadLetter ? new DeadLetter(rejected.reason(), rejected.message())
                        : new Release(backoff.delay(receiveCount));
            }
            if (outcome instanceof Outcome.Retry retry) {
                if (deadLetter && lastReceive(receiveCount, maxReceiveCount)) {
                    // Released now, the redrive policy would move it on the next receive without a word.
                    return new DeadLetter(retry.reason(), "still failing on receive " + receiveCount + " of "
                            + maxReceiveCount.getAsInt() + ": " + retry.detail());
                }
                return new Release(backoff.delay(receiveCount));
            }
            return new Delete(); // processed, duplicate, skipped, gone, removed, superseded
        }

        private static boolean lastReceive(int receiveCount, OptionalInt maxReceiveCount) {
            return maxReceiveCount.isPresent() && receiveCount >= maxReceiveCount.getAsInt();
        }
    }

    /**
     * SQS refuses attribute values with characters outside #x9, #xA, #xD, #x20-#xD7FF,
     * #xE000-#xFFFD, #x10000-#x10FFFF, and they come from uploaded key names and file contents:
     * every control character (tab and newlines too, for the operators' terminals), lone surrogate
     * and non-character is written as {@code \\uXXXX}. Cut to at most {@link #MAX_ATTRIBUTE_CHARS}
     * code points, never between the halves of a surrogate pair; never empty.
     */
    static String attributeText(String value) {
        if (value == null || value.isEmpty()) {
            return "-";
        }
        StringBuilder out = new StringBuilder(Math.min(value.length(), MAX_ATTRIBUTE_CHARS) + 16);
        int codePoints = 0;
        for (int i = 0; i < value.length() && codePoints < MAX_ATTRIBUTE_CHARS; ) {
            int cp = value.codePointAt(i);
            i += Character.charCount(cp);
            String piece = allowed(cp) ? new String(Character.toChars(cp)) : String.format("\\u%04x", cp);
            int pieceCodePoints = piece.codePointCount(0, piece.length());
            if (codePoints + pieceCodePoints > MAX_ATTRIBUTE_CHARS) {
                break;
            }
            out.append(piece);
            codePoints += pieceCodePoints;
        }
        return out.toString();
    }

    private static boolean allowed(int cp) {
        if (Character.isISOControl(cp)) {
            return false;
        }
        return (cp >= 0x20 && cp <= 0xD7FF) || (cp >= 0xE000 && cp <= 0xFFFD) || (cp >= 0x10000 && cp <= 0x10FFFF);
    }
}

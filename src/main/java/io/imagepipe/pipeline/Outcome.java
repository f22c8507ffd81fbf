package io.imagepipe.pipeline;

/**
 * How handling one queue message ended (DESIGN.md section 5). The adapters turn it into an SQS
 * or Lambda action; {@link #label()} is the {@code outcome} label of {@code imagepipe_messages_total}.
 */
public sealed interface Outcome permits Outcome.Processed, Outcome.Duplicate, Outcome.Skipped, Outcome.Gone,
        Outcome.Removed, Outcome.Superseded, Outcome.Rejected, Outcome.Released, Outcome.Retry {
    String label();

    /** A human sentence for the log line. */
    String detail();

    /** Whether the message is done with (deleted or dead-lettered), as opposed to released for another try. */
    default boolean finished() {
        return !(this instanceof Retry || this instanceof Released);
    }

    record Processed(int renditions) implements Outcome {
        public String label() {
            return "processed";
        }

        public String detail() {
            return renditions + " renditions and the manifest written";
        }
    }

    record Duplicate(String detail) implements Outcome {
        public String label() {
            return "duplicate";
        }
    }

    record Skipped(String detail) implements Outcome {
        public String label() {
            return "skipped";
        }
    }

    record Gone(String detail) implements Outcome {
        public String label() {
            return "gone";
        }
    }

    record Removed(int objects) implements Outcome {
        public String label() {
            return "removed";
        }

        public String detail() {
            return objects + " renditions and manifest deleted";
        }
    }

    /**
     * The event's version of the object is no longer the one in the bucket (overwritten or deleted
     * since): this event does nothing, the newer version's own event brings the outputs up to date.
     */
    record Superseded(String detail) implements Outcome {
        public String label() {
            return "superseded";
        }
    }

    /**
     * Permanent: retrying cannot help. {@code reason} is a stable code (corrupt, unsupported,
     * too_large, malformed_message, bucket_not_allowed); {@code message} says what exactly.
     */
    record Rejected(String reason, String message) implements Outcome {
        public String label() {
            return "rejected";
        }

        public String detail() {
            return reason + ": " + message;
        }
    }

    /** The service is stopping and the work had not started: made visible again at once for another consumer. */
    record Released(String detail) implements Outcome {
        public String label() {
            return "released";
        }
    }

    /**
     * Transient: S3 throttling, 5xx, timeouts, network, memory exhausted. Released and tried again
     * later. {@code reason} is a stable code (transient, out_of_memory, s3_SlowDown...) that the
     * message is dead-lettered with if it is still failing on the last receive the queue allows.
     */
    record Retry(String reason, Throwable cause) implements Outcome {
        public Retry(Throwable cause) {
            this("transient", cause);
        }

        public String label() {
            return "retried";
        }

        public String detail() {
            String message = cause.getMessage();
            return cause.getClass().getSimpleName() + (message == null ? "" : ": " + message);
        }
    }
}

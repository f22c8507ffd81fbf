package io.imagepipe.event;

/**
 * The message body is not an event this service understands. The message says precisely what is
 * wrong and where (for example {@code "Records[1].s3.object.key is missing"}); it is meant to travel
 * with the message to the dead-letter queue. Retrying such a message cannot succeed.
 */
public final class MalformedEventException extends Exception {

    private static final long serialVersionUID = 1L;

    public MalformedEventException(String message) {
        super(message);
    }

    public MalformedEventException(String message, Throwable cause) {
        super(message, cause);
    }
}

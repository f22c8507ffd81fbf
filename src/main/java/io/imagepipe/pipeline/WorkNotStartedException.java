package io.imagepipe.pipeline;

/** Image work that never ran because the service is stopping: its message goes back to the queue at once. */
public final class WorkNotStartedException extends RuntimeException {
    public WorkNotStartedException(String message) {
        super(message);
    }
}

package io.imagepipe.event;

/** What happened to an object: it now exists (created or overwritten), or it is gone. */
public enum ObjectEventKind {
    /** {@code ObjectCreated:*} in an S3 notification, {@code Object Created} from EventBridge. */
    CREATED,
    /**
     * {@code ObjectRemoved:*} (including {@code DeleteMarkerCreated}) and
     * {@code LifecycleExpiration:Delete} / {@code LifecycleExpiration:DeleteMarkerCreated} in an S3
     * notification, {@code Object Deleted} from EventBridge.
     */
    REMOVED
}

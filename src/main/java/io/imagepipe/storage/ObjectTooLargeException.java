package io.imagepipe.storage;

/** The object is bigger than the caller's cap; refused from its Content-Length before reading the body. */
public final class ObjectTooLargeException extends RuntimeException {
    private final long size;
    private final long cap;

    public ObjectTooLargeException(long size, long cap) {
        super("object of " + size + " bytes exceeds the limit of " + cap + " bytes");
        this.size = size;
        this.cap = cap;
    }

    public long size() {
        return size;
    }

    public long cap() {
        return cap;
    }
}

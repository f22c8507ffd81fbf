package io.imagepipe.loadtest;

/** Names of the session attributes the flows share. */
final class SessionKeys {
    static final String IMAGE = "image";
    static final String SIZE = "size";
    static final String SOURCE_KEY = "sourceKey";
    static final String CONTENT_LENGTH = "contentLength";
    static final String UPLOAD_URL = "uploadUrl";
    static final String UPLOAD_HEADERS = "uploadHeaders";
    static final String UPLOAD_STARTED = "uploadStartedMillis";
    static final String READY_AT = "readyAtMillis";
    static final String MANIFEST_STATUS = "manifestStatus";
    static final String POLL_STATUS = "pollStatus";
    static final String POLLS = "polls";

    private SessionKeys() {
    }
}

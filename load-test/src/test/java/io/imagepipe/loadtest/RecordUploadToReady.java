package io.imagepipe.loadtest;

import io.gatling.core.action.Action;
import io.gatling.core.stats.StatsEngine;
import io.gatling.core.structure.ScenarioContext;
import io.gatling.javaapi.core.ActionBuilder;
import io.gatling.javaapi.core.Session;

/**
 * Puts one upload's upload-to-ready time into Gatling's statistics as a request of its own,
 * {@code upload-to-ready <size>}, from two timestamps in the session: when the upload started and when
 * the service's result was first seen. A group's timing would leave out the pauses between polls,
 * which are most of the wait; this is the wall-clock time a user waits. Being a request in the
 * report, it gets percentiles per size class and can be asserted on.
 *
 * <p>OK when a processed manifest was seen in time; KO (with the reason) when the upload failed, the
 * image was rejected, or nothing was ready within the timeout.
 */
public final class RecordUploadToReady implements ActionBuilder {
    public static final String REQUEST_PREFIX = "upload-to-ready ";

    private final ReadyLog log;

    public RecordUploadToReady(ReadyLog log) {
        this.log = log;
    }

    public static String requestName(String size) {
        return REQUEST_PREFIX + size;
    }

    @Override
    public io.gatling.core.action.builder.ActionBuilder asScala() {
        return (ScenarioContext context, Action next) -> new Record(context.coreComponents().statsEngine(), next, log);
    }

    private static final class Record extends StatsAction {
        private final ReadyLog log;

        Record(StatsEngine stats, Action next, ReadyLog log) {
            super("recordUploadToReady", stats, next);
            this.log = log;
        }

        @Override
        public void execute(io.gatling.core.session.Session scalaSession) {
            Session session = new Session(scalaSession);
            String size = session.getString(SessionKeys.SIZE);
            long start = session.getLong(SessionKeys.UPLOAD_STARTED);
            String status = session.contains(SessionKeys.MANIFEST_STATUS)
                    ? session.getString(SessionKeys.MANIFEST_STATUS) : null;
            String failure;
            long end;
            if (session.isFailed() && !session.contains(SessionKeys.READY_AT)) {
                failure = "upload or poll failed";
                end = System.currentTimeMillis();
            } else if (!session.contains(SessionKeys.READY_AT)) {
                failure = "not ready within the timeout";
                end = System.currentTimeMillis();
            } else {
                end = session.getLong(SessionKeys.READY_AT);
                failure = "processed".equals(status) ? null : "manifest status " + status;
            }
            log.add(new ReadyLog.Entry(size, start, end, failure == null));
            logSpan(scalaSession, requestName(size), start, end, failure);
        }
    }
}

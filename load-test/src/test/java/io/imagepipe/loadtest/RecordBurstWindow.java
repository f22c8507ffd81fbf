package io.imagepipe.loadtest;

import io.gatling.core.action.Action;
import io.gatling.core.stats.StatsEngine;
import io.gatling.core.structure.ScenarioContext;
import io.gatling.javaapi.core.ActionBuilder;

/**
 * Reports the burst as one span in Gatling's statistics, {@code burst: all N ready}: from the first
 * upload's start to the last manifest seen. Runs after every burst user is done (a chained scenario),
 * and is KO if any upload did not become ready.
 */
public final class RecordBurstWindow implements ActionBuilder {
    private final ReadyLog log;
    private final int expected;

    public RecordBurstWindow(ReadyLog log, int expected) {
        this.log = log;
        this.expected = expected;
    }

    public static String requestName(int expected) {
        return "burst: all " + expected + " ready";
    }

    @Override
    public io.gatling.core.action.builder.ActionBuilder asScala() {
        return (ScenarioContext context, Action next) -> new Record(context.coreComponents().statsEngine(), next);
    }

    private final class Record extends StatsAction {
        Record(StatsEngine stats, Action next) {
            super("recordBurstWindow", stats, next);
        }

        @Override
        public void execute(io.gatling.core.session.Session session) {
            var window = log.window();
            long ready = log.readyCount();
            String failure = ready == expected ? null : (expected - ready) + " of " + expected + " uploads not ready";
            logSpan(session, requestName(expected), window.startMillis(), window.endMillis(), failure);
        }
    }
}

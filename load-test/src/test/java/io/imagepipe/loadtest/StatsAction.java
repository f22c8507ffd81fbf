package io.imagepipe.loadtest;

import com.typesafe.scalalogging.Logger;
import io.gatling.commons.stats.KO$;
import io.gatling.commons.stats.OK$;
import io.gatling.core.action.Action;
import io.gatling.core.session.Session;
import io.gatling.core.stats.StatsEngine;
import org.slf4j.LoggerFactory;
import scala.Option;

/**
 * A Gatling action that reports a measured span as a request of its own in the run's statistics
 * (report, percentiles, assertions), then hands the session on. Gatling's Java DSL has no public way
 * to record a timing that is not an HTTP round-trip; its plugins do it this way, through the
 * stats engine of the scenario context.
 */
abstract class StatsAction implements Action {
    private static final Logger LOGGER = Logger.apply(LoggerFactory.getLogger(StatsAction.class));

    private final String name;
    private final StatsEngine stats;
    private final Action next;

    StatsAction(String name, StatsEngine stats, Action next) {
        this.name = name;
        this.stats = stats;
        this.next = next;
    }

    /** Records {@code requestName} from {@code start} to {@code end}: OK when {@code failure} is null. */
    protected final void logSpan(Session session, String requestName, long start, long end, String failure) {
        boolean ok = failure == null;
        stats.logResponse(session.scenario(), session.groups(), requestName, start, end,
                ok ? OK$.MODULE$ : KO$.MODULE$, Option.empty(), Option.apply(failure));
        next.execute(ok ? session : session.markAsFailed());
    }

    @Override
    public final String name() {
        return name;
    }

    @Override
    public final Logger logger() {
        return LOGGER;
    }

    @Override
    public final void com$typesafe$scalalogging$StrictLogging$_setter_$logger_$eq(Logger logger) {
        // the logger is this class's constant; Scala's trait initialiser is never run for a Java class
    }
}

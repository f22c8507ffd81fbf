package io.imagepipe.app;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.vertx.core.VertxOptions;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.LoggerFactory;

/**
 * Collects what Vert.x's blocked-thread checker reports. Vert.x only logs a blocked event loop;
 * tests hold this watch and fail when it saw anything.
 */
final class BlockedThreadWatch implements AutoCloseable {
    private static final Pattern BLOCKED_FOR = Pattern.compile("has been blocked for (\\d+) ms");
    private final ListAppender<ILoggingEvent> appender = new ListAppender<>();
    private final long since = System.currentTimeMillis();

    /** An event loop held for more than 200 ms is reported with its stack (Vert.x's default is 2 s). */
    static VertxOptions strictOptions() {
        return new VertxOptions().setBlockedThreadCheckInterval(50)
                .setMaxEventLoopExecuteTime(200).setMaxEventLoopExecuteTimeUnit(TimeUnit.MILLISECONDS)
                .setWarningExceptionTime(200).setWarningExceptionTimeUnit(TimeUnit.MILLISECONDS);
    }

    BlockedThreadWatch() {
        appender.start();
        root().addAppender(appender);
    }

    /**
     * Blocks that began after this watch was made. On a loaded machine the checker thread may log a
     * block of the start-up (one-off class loading) only after the watch is attached: such a block
     * began before, so it is not counted.
     */
    List<String> warnings() {
        return appender.list.stream().filter(this::beganWhileWatched).map(ILoggingEvent::getFormattedMessage).toList();
    }

    private boolean beganWhileWatched(ILoggingEvent event) {
        Matcher blocked = BLOCKED_FOR.matcher(event.getFormattedMessage());
        return blocked.find() && event.getTimeStamp() - Long.parseLong(blocked.group(1)) >= since;
    }

    @Override
    public void close() {
        root().detachAppender(appender);
    }

    private static Logger root() {
        return (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    }
}

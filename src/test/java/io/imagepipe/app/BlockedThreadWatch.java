package io.imagepipe.app;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.vertx.core.VertxOptions;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.slf4j.LoggerFactory;

/**
 * Collects what Vert.x's blocked-thread checker reports. Vert.x only logs a blocked event loop;
 * tests hold this watch and fail when it saw anything.
 */
final class BlockedThreadWatch implements AutoCloseable {
    private final ListAppender<ILoggingEvent> appender = new ListAppender<>();

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

    List<String> warnings() {
        List<ILoggingEvent> events;
        synchronized (appender) { // the checker thread appends under this lock (AppenderBase.doAppend)
            events = List.copyOf(appender.list);
        }
        return events.stream().map(ILoggingEvent::getFormattedMessage)
                .filter(m -> m.contains("has been blocked for")).toList();
    }

    @Override
    public void close() {
        root().detachAppender(appender);
    }

    private static Logger root() {
        return (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    }
}

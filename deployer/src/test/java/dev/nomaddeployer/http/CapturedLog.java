package dev.nomaddeployer.http;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.read.ListAppender;
import java.util.List;
import org.slf4j.LoggerFactory;

/** Everything logged through logback while open, as the text a log reader would see. */
public final class CapturedLog implements AutoCloseable {
    private final Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    private final ListAppender<ILoggingEvent> appender = new ListAppender<>();

    public CapturedLog() {
        appender.setName("captured-" + System.identityHashCode(this));
        appender.start();
        root.addAppender(appender);
    }

    List<ILoggingEvent> events() {
        // logback appends holding the appender's own lock (AppenderBase.doAppend), so the copy takes that one
        synchronized (appender) {
            return List.copyOf(appender.list);
        }
    }

    /** Each event as level, logger, message, MDC and stack trace. */
    public List<String> lines() {
        return events().stream().map(event -> event.getLevel() + " " + event.getLoggerName() + " "
                + event.getFormattedMessage() + " " + event.getMDCPropertyMap()
                + (event.getThrowableProxy() == null ? "" : " " + ThrowableProxyUtil.asString(
                        event.getThrowableProxy()))).toList();
    }

    void clear() {
        synchronized (appender) {
            appender.list.clear();
        }
    }

    @Override
    public void close() {
        root.detachAppender(appender);
        appender.stop();
    }
}

package dev.nomaddeployer.security;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.read.ListAppender;
import java.util.List;
import org.slf4j.LoggerFactory;

/** Every event logged anywhere while open, as text: message, MDC and stack trace. */
public final class LogCapture implements AutoCloseable {
    private final Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    private final ListAppender<ILoggingEvent> appender = new ListAppender<>();
    private final Level previousLevel;

    private LogCapture(Level level) {
        previousLevel = root.getLevel();
        appender.setContext(root.getLoggerContext());
        appender.start();
        root.addAppender(appender);
        root.setLevel(level);
    }

    /** Captures what the service logs at its default level. */
    public static LogCapture start() {
        return new LogCapture(Level.INFO);
    }

    /** Captures everything our own code logs, debug included. */
    public static LogCapture startVerbose() {
        return new LogCapture(Level.TRACE);
    }

    public List<String> lines() {
        synchronized (appender) {
            return appender.list.stream().map(LogCapture::text).toList();
        }
    }

    public String text() {
        return String.join("\n", lines());
    }

    /** Lines at WARN or above. */
    public List<String> warnings() {
        synchronized (appender) {
            return appender.list.stream().filter(e -> e.getLevel().isGreaterOrEqual(Level.WARN))
                    .map(LogCapture::text).toList();
        }
    }

    private static String text(ILoggingEvent event) {
        StringBuilder line = new StringBuilder(event.getLevel() + " " + event.getLoggerName() + " "
                + event.getFormattedMessage());
        event.getMDCPropertyMap().forEach((key, value) -> line.append(' ').append(key).append('=').append(value));
        if (event.getThrowableProxy() != null) {
            line.append('\n').append(ThrowableProxyUtil.asString(event.getThrowableProxy()));
        }
        return line.toString();
    }

    @Override
    public void close() {
        root.detachAppender(appender);
        appender.stop();
        root.setLevel(previousLevel);
    }
}

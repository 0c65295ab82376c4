package dev.nomaddeployer;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.encoder.Encoder;
import java.util.Locale;
import net.logstash.logback.encoder.LogstashEncoder;
import org.slf4j.LoggerFactory;

/** Applies {@code log.level} and {@code log.format} to logback once the settings are known. */
final class LogSetup {
    private LogSetup() {}

    static void apply(String level, String format) {
        LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
        Logger root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        Encoder<ILoggingEvent> encoder;
        if ("json".equals(format)) {
            LogstashEncoder json = new LogstashEncoder();
            json.setIncludeContext(false);
            encoder = json;
        } else {
            PatternLayoutEncoder text = new PatternLayoutEncoder();
            text.setPattern("%d{yyyy-MM-dd'T'HH:mm:ss.SSSXXX} %-5level %logger{0} %msg%replace( request_id=%X{request_id}){' request_id=$', ''}%n");
            encoder = text;
        }
        encoder.setContext(context);
        encoder.start();
        ConsoleAppender<ILoggingEvent> appender = new ConsoleAppender<>();
        appender.setContext(context);
        appender.setName("console");
        appender.setTarget("System.err");
        appender.setEncoder(encoder);
        appender.start();
        root.detachAndStopAllAppenders();
        root.addAppender(appender);
        root.setLevel(Level.toLevel(level.toUpperCase(Locale.ROOT), Level.INFO));
        // Jetty's own chatter stays at WARN unless the operator asked for trace.
        context.getLogger("org.eclipse.jetty").setLevel("trace".equals(level) ? Level.DEBUG : Level.WARN);
        // Its DEBUG output is every request header verbatim, the registry's Authorization credentials included.
        context.getLogger("org.eclipse.jetty.http.HttpParser").setLevel(Level.INFO);
    }
}

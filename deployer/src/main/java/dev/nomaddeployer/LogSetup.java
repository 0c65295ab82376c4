package dev.nomaddeployer;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.OutputStreamAppender;
import ch.qos.logback.core.encoder.Encoder;
import ch.qos.logback.core.encoder.LayoutWrappingEncoder;
import dev.nomaddeployer.log.JsonLogEncoder;
import dev.nomaddeployer.log.SecretRedactor;
import dev.nomaddeployer.log.TextLogLayout;
import java.io.OutputStream;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import org.slf4j.LoggerFactory;

/**
 * Applies {@code log.level} and {@code log.format} to logback once the settings are known. Whatever the
 * level and whichever library logs, every line leaves through an encoder that redacts {@code secrets} and
 * credential-shaped text ({@link SecretRedactor}).
 */
final class LogSetup {
    private LogSetup() {}

    /** @param secrets every secret value the settings hold, as the service uses them */
    static void apply(String level, String format, Collection<String> secrets) {
        ConsoleAppender<ILoggingEvent> console = new ConsoleAppender<>();
        console.setTarget("System.err");
        apply(level, format, secrets, console);
    }

    /** As {@link #apply(String, String, Collection)}, writing to {@code out}: tests read what an operator would. */
    static void apply(String level, String format, Collection<String> secrets, OutputStream out) {
        OutputStreamAppender<ILoggingEvent> appender = new OutputStreamAppender<>();
        appender.setOutputStream(out);
        apply(level, format, secrets, appender);
    }

    private static void apply(String level, String format, Collection<String> secrets,
                              OutputStreamAppender<ILoggingEvent> appender) {
        apply((LoggerContext) LoggerFactory.getILoggerFactory(), level, format, secrets, appender);
    }

    /** Logging until the settings are read: text at info on stderr, credential-shaped text masked already. */
    static void applyStartupDefaults(LoggerContext context) {
        ConsoleAppender<ILoggingEvent> console = new ConsoleAppender<>();
        console.setTarget("System.err");
        apply(context, "info", "text", List.of(), console);
    }

    private static void apply(LoggerContext context, String level, String format, Collection<String> secrets,
                              OutputStreamAppender<ILoggingEvent> appender) {
        Logger root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        appender.setContext(context);
        appender.setName("console");
        appender.setEncoder(encoder(format, new SecretRedactor(secrets), context));
        appender.start();
        root.detachAndStopAllAppenders();
        root.addAppender(appender);
        root.setLevel(Level.toLevel(level.toUpperCase(Locale.ROOT), Level.INFO));
        // Jetty's and the connection pool's own chatter stays at WARN unless the operator asked for trace.
        for (String library : new String[] {"org.eclipse.jetty", "com.zaxxer.hikari"}) {
            context.getLogger(library).setLevel("trace".equals(level) ? Level.DEBUG : Level.WARN);
        }
    }

    private static Encoder<ILoggingEvent> encoder(String format, SecretRedactor redactor, LoggerContext context) {
        Encoder<ILoggingEvent> encoder;
        if ("json".equals(format)) {
            encoder = new JsonLogEncoder(redactor);
        } else {
            TextLogLayout layout = new TextLogLayout();
            layout.setRedactor(redactor);
            layout.setContext(context);
            layout.setPattern("%d{yyyy-MM-dd'T'HH:mm:ss.SSSXXX} %-5level %logger{0} %msg%replace( request_id=%X{request_id}){' request_id=$', ''}%n");
            layout.start();
            LayoutWrappingEncoder<ILoggingEvent> text = new LayoutWrappingEncoder<>();
            text.setLayout(layout);
            encoder = text;
        }
        encoder.setContext(context);
        encoder.start();
        return encoder;
    }
}

package dev.nomaddeployer.log;

import ch.qos.logback.classic.pattern.ClassicConverter;
import ch.qos.logback.classic.spi.ILoggingEvent;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.helpers.MessageFormatter;

/**
 * The message of a text log line, with every argument that fills a quoted field ({@code reason="{}"}) escaped,
 * so that a quote, a backslash or a line break in an error message cannot end the field or the line early:
 * {@code reason="no \"web\" job"} reads back as one value. Installed in place of {@code %msg}, so every
 * logger's quoted fields get it without a call site having to remember.
 */
public final class QuotedValuesConverter extends ClassicConverter {
    // the arguments are first replaced by numbered markers, so slf4j itself decides which {} takes which argument
    private static final char MARK = '\u0000';
    private static final Pattern MARKER = Pattern.compile(MARK + "(\\d+)" + MARK);

    @Override
    public String convert(ILoggingEvent event) {
        String template = event.getMessage();
        Object[] arguments = event.getArgumentArray();
        if (template == null || arguments == null || arguments.length == 0 || !template.contains("\"{}\"")) {
            return event.getFormattedMessage();
        }
        Object[] markers = new Object[arguments.length];
        for (int i = 0; i < arguments.length; i++) {
            markers[i] = MARK + Integer.toString(i) + MARK;
        }
        String shaped = MessageFormatter.basicArrayFormat(template, markers);
        Matcher marker = MARKER.matcher(shaped);
        StringBuilder message = new StringBuilder(shaped.length() + 32);
        while (marker.find()) {
            String value = MessageFormatter.basicArrayFormat("{}", new Object[] {arguments[Integer.parseInt(marker.group(1))]});
            boolean quoted = marker.start() > 0 && shaped.charAt(marker.start() - 1) == '"'
                    && marker.end() < shaped.length() && shaped.charAt(marker.end()) == '"';
            marker.appendReplacement(message, Matcher.quoteReplacement(quoted ? QuotedValue.escape(value) : value));
        }
        marker.appendTail(message);
        return message.toString();
    }
}

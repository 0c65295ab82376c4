package dev.nomaddeployer.log;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.LoggingEvent;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** A quoted field of a text log line holds its whole value, whatever quotes or line breaks the value has. */
class QuotedValuesConverterTest {
    /** How a log reader splits {@code key=value key="quoted value"}: a backslash escapes the next character. */
    private static final Pattern FIELD = Pattern.compile("(\\w+)=(\"((?:[^\"\\\\]|\\\\.)*)\"|\\S*)");

    private final LoggerContext context = new LoggerContext();

    private String line(String template, Object... arguments) {
        TextLogLayout layout = new TextLogLayout();
        layout.setContext(context);
        layout.setPattern("%msg");
        layout.start();
        return layout.doLayout(new LoggingEvent(QuotedValuesConverterTest.class.getName(), context.getLogger("test"),
                Level.INFO, template, null, arguments));
    }

    private static Map<String, String> fields(String line) {
        Map<String, String> fields = new LinkedHashMap<>();
        Matcher field = FIELD.matcher(line);
        while (field.find()) {
            fields.put(field.group(1), field.group(3) == null ? field.group(2)
                    : field.group(3).replaceAll("\\\\(.)", "$1"));
        }
        return fields;
    }

    @Test
    void aQuoteInAQuotedValueIsEscapedSoTheLineReadsBackAsLogged() {
        String reason = "job \"web\" not found; see C:\\nomad\\jobs";

        String line = line("event=redeploy outcome=failed job={} reason=\"{}\" event_id={}", "web", reason, "e-1");

        assertThat(line).isEqualTo("event=redeploy outcome=failed job=web reason=\"job \\\"web\\\" not found; see"
                + " C:\\\\nomad\\\\jobs\" event_id=e-1");
        assertThat(fields(line)).containsExactly(Map.entry("event", "redeploy"), Map.entry("outcome", "failed"),
                Map.entry("job", "web"), Map.entry("reason", reason), Map.entry("event_id", "e-1"));
    }

    @Test
    void aLineBreakInAQuotedValueStaysOnTheEventsLine() {
        String line = line("event=index_not_ready reason=\"{}\"", "1 error occurred:\n\t* Missing job datacenters\r\n");

        assertThat(line).doesNotContain("\n").doesNotContain("\r")
                .isEqualTo("event=index_not_ready reason=\"1 error occurred:\\n\t* Missing job datacenters\\r\\n\"");
    }

    @Test
    void valuesOutsideQuotesAndTemplatesWithoutArgumentsAreAsSlf4jFormatsThem() {
        assertThat(line("job={} tags={} detail=\"fixed \\\"text\\\"\"", "a\"b", List.of("1", "2")))
                .isEqualTo("job=a\"b tags=[1, 2] detail=\"fixed \\\"text\\\"\"");
        assertThat(line("literal \\{} then reason=\"{}\"", "x\"y")).isEqualTo("literal {} then reason=\"x\\\"y\"");
        assertThat(line("reason=\"{}\" array={}", null, new int[] {1, 2})).isEqualTo("reason=\"null\" array=[1, 2]");
    }
}

package dev.nomaddeployer.log;

import ch.qos.logback.classic.PatternLayout;
import ch.qos.logback.classic.spi.ILoggingEvent;

/**
 * The text log format: a logback pattern whose {@code %msg} escapes quoted values ({@link QuotedValuesConverter}), and
 * whose every finished line (message, MDC and stack trace alike) passes through the {@link SecretRedactor}.
 * Also the layout of the start-up configuration, which knows no configured secret yet.
 */
public final class TextLogLayout extends PatternLayout {
    private volatile SecretRedactor redactor = SecretRedactor.withoutConfiguredSecrets();

    public TextLogLayout() {
        for (String word : new String[] {"m", "msg", "message"}) {
            getInstanceConverterMap().put(word, QuotedValuesConverter::new);
        }
    }

    public void setRedactor(SecretRedactor redactor) {
        this.redactor = redactor;
    }

    @Override
    public String doLayout(ILoggingEvent event) {
        return redactor.redact(super.doLayout(event));
    }
}

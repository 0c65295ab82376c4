package dev.nomaddeployer.log;

import net.logstash.logback.encoder.LogstashEncoder;
import net.logstash.logback.mask.MaskingJsonGeneratorDecorator;

/**
 * The JSON log format (logstash fields, one object per line) with every string value written, message, MDC
 * and stack trace alike, passed through the {@link SecretRedactor} before it is escaped into JSON.
 */
public final class JsonLogEncoder extends LogstashEncoder {
    public JsonLogEncoder(SecretRedactor redactor) {
        setIncludeContext(false);
        MaskingJsonGeneratorDecorator masking = new MaskingJsonGeneratorDecorator();
        masking.addValueMasker((context, value) -> {
            if (value instanceof String text) {
                String redacted = redactor.redact(text);
                return redacted.equals(text) ? null : redacted;
            }
            return null;
        });
        // the encoder does not start its decorator, and an unstarted one fails every line
        masking.start();
        setJsonGeneratorDecorator(masking);
    }
}

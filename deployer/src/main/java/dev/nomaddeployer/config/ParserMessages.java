package dev.nomaddeployer.config;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Parser error texts quote the offending token, which can be a secret typed on a broken line. */
final class ParserMessages {

    // short quotes ('}', ':') say what is wrong and cannot hold a useful secret; longer ones are hidden
    private static final Pattern QUOTED = Pattern.compile("'([^'\\n]{4,})'|\"([^\"\\n]{4,})\"");

    private ParserMessages() {
    }

    static String redact(String message) {
        if (message == null) {
            return "syntax error";
        }
        String firstLine = message.lines().findFirst().orElse("").strip();
        return QUOTED.matcher(firstLine).replaceAll(Matcher.quoteReplacement("'…'"));
    }
}

package dev.nomaddeployer.config;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Parser error texts quote the offending token, which can be a secret typed on a broken line. */
final class ParserMessages {

    // a quoted token of four or more characters could be a secret typed on the broken line; shorter ones (':',
    // ']') and JSON's literals say what is wrong and are kept
    private static final Pattern QUOTED = Pattern.compile("'(?!(?:null|true|false)')[^'\\s]{4,}'|\"[^\"\\s]{4,}\"");
    private static final Pattern JACKSON_SOURCE = Pattern.compile("\\[Source: [^;\\]]*(?:\\([^)]*\\))?; line: (\\d+), column: (\\d+)]");

    private ParserMessages() {
    }

    static String redact(String message) {
        if (message == null) {
            return "syntax error";
        }
        // indented lines are position notes and echoes of the source line (SnakeYAML): the text could be a secret
        String summary = message.lines()
                .filter(line -> !line.isBlank() && !Character.isWhitespace(line.charAt(0)))
                .map(String::strip)
                .reduce((a, b) -> a + "; " + b)
                .orElse("syntax error");
        String located = JACKSON_SOURCE.matcher(summary).replaceAll("line $1, column $2");
        return QUOTED.matcher(located).replaceAll(Matcher.quoteReplacement("'…'"));
    }
}

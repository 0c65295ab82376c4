package dev.nomaddeployer.log;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Takes secrets out of log text, whoever wrote it: every configured secret value, and credential-shaped text
 * of any origin (authorization and token headers, cookies, {@code token=}-style parameters, passwords in URLs,
 * and what a cut in a Jetty buffer dump leaves of them). Works on text as written, before any JSON escaping.
 *
 * <p>Text that holds neither a configured secret nor one of a few trigger words is returned as it is after one
 * scan, so the cost of the rules is paid only by lines that may carry a secret.
 */
public final class SecretRedactor {
    /** What the log shows instead of a secret; the same mask as {@code --print-config}. */
    public static final String MASK = "********";

    /**
     * Where a header value ends: a line end, raw or escaped as Jetty prints buffers, a quote closing the text
     * around it (escaped or not), or the end of a buffer dump.
     */
    private static final String VALUE_END = "(?=[\\r\\n\"]|\\\\+[rn\"]|>>>|<<<|$)";

    /** Where a name starts: at a word boundary, or right after a line end that Jetty escaped ({@code \r\n}). */
    private static final String LINE_START = "(?:(?<=\\\\[rn])|\\b)";

    /** Headers that carry credentials: the authorization ones, cookies, and any {@code X-...-Token/Secret/Key/Auth}. */
    private static final String CREDENTIAL_HEADER =
            "((?:proxy-)?authorization|(?:set-)?cookie|x-[\\w-]*(?:token|secret|key|auth)[\\w-]*)";

    /**
     * A credential header, as HTTP writes it ({@code Name: value}) or as a map prints it ({@code Name=value},
     * {@code "Name":["value"]}). The scheme word is kept so a reader still sees which kind was sent.
     */
    private static final Pattern HEADER = Pattern.compile(
            LINE_START + CREDENTIAL_HEADER
                    + "(\\\\?\"?\\s*[:=]\\s*\\[?\\s*\\\\?\"?\\s*)"
                    + "((?:bearer|basic|digest|negotiate|token)\\s+)?"
                    + "[^\\r\\n\"]+?" + VALUE_END,
            Pattern.CASE_INSENSITIVE);

    /**
     * A credential header printed as separate name and value fields, as Jetty's parser does at debug level:
     * {@code headerString=[Cookie], valueString=[session=...]}.
     */
    private static final Pattern HEADER_NAME_THEN_VALUE = Pattern.compile(
            LINE_START + CREDENTIAL_HEADER + "([^\\r\\n]*?\\bvalue\\w*\\s*[:=]\\s*\\[?)[^\\]\\r\\n]*",
            Pattern.CASE_INSENSITIVE);

    /**
     * A secret-named parameter or field: {@code ?token=...}, {@code password=...}, {@code "SecretID":"..."},
     * {@code nomad.token=...}. The name must end in the secret word, so {@code token_file=/path} stays readable.
     */
    private static final Pattern NAMED_VALUE = Pattern.compile(
            "(?:(?<=\\\\[rn])|(?<![\\w.-]))([\\w.-]*(?:token|secret|secretid|password|passwd|pwd|api[_-]?key|access[_-]?key|credentials?))"
                    + "(\\\\?\"?\\s*[=:]\\s*\\[?\\s*\\\\?\"?)"
                    + "[^\\s&\"\\\\,;)\\]}>]+",
            Pattern.CASE_INSENSITIVE);

    /** {@code scheme://user:password@host}. */
    private static final Pattern URL_PASSWORD = Pattern.compile("(\\w+://[^\\s/:@\"]*:)[^\\s/@\"]+(?=@)");

    /**
     * A Jetty buffer dump: {@code ]={bytes before the position<<<the bytes left>>>bytes past the limit}}. It
     * shows raw wire bytes, each part cut to a head and a tail around {@code ...} when long, so a cut can fall
     * anywhere, a secret's middle included.
     */
    private static final Pattern DUMP = Pattern.compile(
            "]=\\{((?:(?!]=\\{).)*?)<<<(.*?)>>>(.*?)}(?=[\\s/,)\\]\"]|\\\\|$)");
    /** A line end inside a dump: Jetty escapes CR and LF. */
    private static final Pattern DUMP_LINE_END = Pattern.compile("\\\\[rn]");
    /** The lines a message may start with: an HTTP request or status line, or a JSON body. */
    private static final Pattern MESSAGE_START = Pattern.compile("[A-Z]+ /.*|[A-Z]+ \\w+://.*|HTTP/[\\d.]+ .*|[{\\[].*");
    private static final Pattern ONLY_ZERO_BYTES = Pattern.compile("(?:\\\\x00|\\.\\.\\.)*");

    /** How the first line of a part of a dump stands: shown whole, or masked unless it starts a message. */
    private enum FirstLine { WHOLE, STARTS_MESSAGE_OR_IS_CUT, CUT }

    private final List<String> secretForms;

    /** @param secrets the configured secret values; each is also looked for in the forms logs carry it in */
    public SecretRedactor(Collection<String> secrets) {
        Set<String> forms = new LinkedHashSet<>();
        for (String secret : secrets) {
            if (secret == null || secret.isBlank()) {
                continue;
            }
            forms.add(secret);
            forms.add(QuotedValue.escape(secret));
            forms.add(URLEncoder.encode(secret, StandardCharsets.UTF_8));
        }
        // the longest first, so a secret that contains another is masked whole
        this.secretForms = forms.stream().sorted(Comparator.comparingInt(String::length).reversed()).toList();
    }

    /** A redactor that knows no configured secret, for the time before the settings are read. */
    public static SecretRedactor withoutConfiguredSecrets() {
        return new SecretRedactor(List.of());
    }

    public String redact(String text) {
        if (text == null || !mayHoldSecret(text)) {
            return text;
        }
        String redacted = text;
        for (String form : secretForms) {
            redacted = redacted.replace(form, MASK);
        }
        redacted = replace(DUMP, redacted, SecretRedactor::dump);
        redacted = replace(HEADER_NAME_THEN_VALUE, redacted, m -> m.group(1) + m.group(2) + MASK);
        redacted = replace(HEADER, redacted, m -> m.group(1) + m.group(2) + (m.group(3) == null ? "" : m.group(3)) + MASK);
        redacted = replace(NAMED_VALUE, redacted, m -> m.group(1) + m.group(2) + MASK);
        return replace(URL_PASSWORD, redacted, m -> m.group(1) + MASK);
    }

    /**
     * The cheap pre-check: every rule starts at a configured secret or at one of a few words (auth, cookie,
     * token, secret, passw, pwd, credential, api or access key, {@code x-}, {@code <<<}, {@code @}). A plain scan, because a case-insensitive regex
     * alternation costs several times more per line.
     */
    private boolean mayHoldSecret(String text) {
        for (String form : secretForms) {
            if (text.contains(form)) {
                return true;
            }
        }
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '@') {
                return true; // perhaps user:password@host
            }
            boolean found = switch (c | 0x20) {
                case 'a' -> startsAt(text, i, "auth") || keyAt(text, i, "api") || keyAt(text, i, "access");
                case 'c' -> startsAt(text, i, "cookie") || startsAt(text, i, "credential");
                case 'x' -> text.startsWith("-", i + 1);
                case 't' -> startsAt(text, i, "token");
                case 's' -> startsAt(text, i, "secret");
                case 'p' -> startsAt(text, i, "passw") || startsAt(text, i, "pwd");
                default -> c == '<' && text.startsWith("<<<", i);
            };
            if (found) {
                return true;
            }
        }
        return false;
    }

    private static boolean startsAt(String text, int at, String word) {
        return text.regionMatches(true, at, word, 0, word.length());
    }

    /** {@code api_key}, {@code api-key} or {@code apikey} at {@code at}, for {@code prefix} "api". */
    private static boolean keyAt(String text, int at, String prefix) {
        if (!startsAt(text, at, prefix)) {
            return false;
        }
        int next = at + prefix.length();
        if (next < text.length() && (text.charAt(next) == '_' || text.charAt(next) == '-')) {
            next++;
        }
        return startsAt(text, next, "key");
    }

    /**
     * Keeps what a reader needs and what cannot be a piece of a secret: the start line, whole lines, and
     * zero bytes past the limit. The text a cut leaves behind (a first line that starts neither the message
     * nor a line, the line a {@code ...} lands in, stale bytes past the limit) is masked; the rules for
     * headers and parameters then see whole lines, or lines cut at their end, only.
     */
    private static String dump(Matcher m) {
        String before = m.group(1);
        String left = m.group(2);
        String pastLimit = m.group(3);
        FirstLine leftStarts = before.isEmpty() ? FirstLine.STARTS_MESSAGE_OR_IS_CUT
                : endsWithLineEnd(before) ? FirstLine.WHOLE : FirstLine.CUT;
        return "]={" + part(before, FirstLine.STARTS_MESSAGE_OR_IS_CUT) + "<<<" + part(left, leftStarts) + ">>>"
                + (ONLY_ZERO_BYTES.matcher(pastLimit).matches() ? pastLimit : MASK) + "}";
    }

    private static String part(String text, FirstLine firstLine) {
        int elision = text.indexOf("...");
        if (elision < 0) {
            return maskFirstLine(text, firstLine);
        }
        return maskFirstLine(text.substring(0, elision), firstLine) + "..."
                + maskFirstLine(text.substring(elision + 3), FirstLine.CUT);
    }

    private static String maskFirstLine(String text, FirstLine firstLine) {
        Matcher lineEnd = DUMP_LINE_END.matcher(text);
        int end = lineEnd.find() ? lineEnd.start() : text.length();
        String first = text.substring(0, end);
        boolean shown = first.isEmpty() || firstLine == FirstLine.WHOLE
                || firstLine == FirstLine.STARTS_MESSAGE_OR_IS_CUT && MESSAGE_START.matcher(first).matches();
        return shown ? text : MASK + text.substring(end);
    }

    private static boolean endsWithLineEnd(String text) {
        return text.endsWith("\\r") || text.endsWith("\\n");
    }

    private static String replace(Pattern pattern, String text, java.util.function.Function<Matcher, String> with) {
        Matcher matcher = pattern.matcher(text);
        if (!matcher.find()) {
            return text;
        }
        StringBuilder out = new StringBuilder(text.length());
        do {
            matcher.appendReplacement(out, Matcher.quoteReplacement(with.apply(matcher)));
        } while (matcher.find());
        matcher.appendTail(out);
        return out.toString();
    }
}

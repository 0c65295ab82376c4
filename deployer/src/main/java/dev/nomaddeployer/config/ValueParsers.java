package dev.nomaddeployer.config;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/** Pure text-to-value checks; each throws IllegalArgumentException with the reason, never echoing a secret. */
final class ValueParsers {

    // strconv.ParseBool's spellings, which the Go tool accepted through Viper
    private static final Set<String> TRUE = Set.of("1", "t", "T", "TRUE", "true", "True");
    private static final Set<String> FALSE = Set.of("0", "f", "F", "FALSE", "false", "False");
    private static final String LABEL = "[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?";
    private static final Pattern HOST = Pattern.compile(
            "(" + LABEL + "(\\." + LABEL + ")*|\\[[0-9A-Fa-f:.]+])(:\\d{1,5})?");

    private ValueParsers() {
    }

    static boolean bool(String text) {
        if (TRUE.contains(text)) {
            return true;
        }
        if (FALSE.contains(text)) {
            return false;
        }
        throw new IllegalArgumentException("not a boolean");
    }

    static <E extends Enum<E>> E enumValue(Class<E> type, String text) {
        try {
            return Enum.valueOf(type, text.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("unknown value");
        }
    }

    static URI httpUrl(String text) {
        if (!text.contains("://")) {
            throw new IllegalArgumentException(text.startsWith("unix:") ? "unix sockets are not supported"
                    : "missing the http:// or https:// scheme");
        }
        URI uri;
        try {
            uri = new URI(text.endsWith("/") ? text.substring(0, text.length() - 1) : text);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("not a URL (" + e.getReason() + ")");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (scheme.equals("unix")) {
            throw new IllegalArgumentException("unix sockets are not supported");
        }
        if (!scheme.equals("http") && !scheme.equals("https")) {
            throw new IllegalArgumentException("the scheme must be http or https");
        }
        if (uri.getHost() == null || uri.getHost().isEmpty()) {
            throw new IllegalArgumentException("no host");
        }
        return uri;
    }

    static String host(String text) {
        if (text.contains("://") || text.contains("/")) {
            throw new IllegalArgumentException("a host name only, without scheme or path");
        }
        if (!HOST.matcher(text).matches()) {
            throw new IllegalArgumentException("not a host name");
        }
        int colon = text.lastIndexOf(':');
        if (colon > text.lastIndexOf(']')) {
            int port = Integer.parseInt(text.substring(colon + 1));
            if (port < 1 || port > 65535) {
                throw new IllegalArgumentException("port must be 1-65535");
            }
        }
        return text;
    }

    static String jdbcUrl(String text) {
        if (!text.startsWith("jdbc:")) {
            throw new IllegalArgumentException("does not start with jdbc:");
        }
        return text;
    }

    static String nonBlank(String text) {
        if (text.isBlank()) {
            throw new IllegalArgumentException("must not be empty");
        }
        return text;
    }
}

package dev.nomaddeployer.registryapi;

import java.net.URI;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The {@code Link: <…?n=…&last=…>; rel="next"} of a paginated answer (the distribution spec's pagination, RFC 8288
 * syntax). Parsing only.
 */
final class NextPage {
    private NextPage() {}

    /**
     * The next page's URI, resolved against {@code base}; empty when no link is {@code rel="next"}.
     *
     * @throws IllegalArgumentException when the next link is not a URI
     */
    static Optional<URI> of(List<String> linkHeaders, URI base) {
        for (String header : linkHeaders) {
            for (String link : header.split(",(?=\\s*<)")) {
                int open = link.indexOf('<');
                int close = link.indexOf('>', open + 1);
                if (open < 0 || close < 0) {
                    continue;
                }
                if (isNext(link.substring(close + 1))) {
                    return Optional.of(base.resolve(link.substring(open + 1, close).strip()));
                }
            }
        }
        return Optional.empty();
    }

    /** {@code ; rel="next"} or {@code ;rel=next}, among other parameters; rel may list several types. */
    private static boolean isNext(String parameters) {
        for (String parameter : parameters.split(";")) {
            int equals = parameter.indexOf('=');
            if (equals < 0 || !parameter.substring(0, equals).strip().equalsIgnoreCase("rel")) {
                continue;
            }
            String value = parameter.substring(equals + 1).strip().replace("\"", "").toLowerCase(Locale.ROOT);
            for (String type : value.split("\\s+")) {
                if (type.equals("next")) {
                    return true;
                }
            }
        }
        return false;
    }
}

package dev.nomaddeployer.registryapi;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * A registry's {@code WWW-Authenticate: Bearer realm="…",service="…",scope="…"} (the distribution token
 * authentication spec): where to fetch a token and for what. Parsing only; {@link RegistryReader} fetches.
 */
record BearerChallenge(URI realm, Optional<String> service, Optional<String> scope) {

    /** Empty unless the header is a Bearer challenge with an http(s) realm. */
    static Optional<BearerChallenge> parse(String header) {
        if (header == null) {
            return Optional.empty();
        }
        String text = header.strip();
        if (text.length() < 7 || !text.substring(0, 7).equalsIgnoreCase("bearer ")) {
            return Optional.empty();
        }
        Map<String, String> parameters = parameters(text.substring(7));
        String realm = parameters.get("realm");
        if (realm == null) {
            return Optional.empty();
        }
        URI uri;
        try {
            uri = URI.create(realm);
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!(scheme.equals("https") || scheme.equals("http")) || uri.getHost() == null) {
            return Optional.empty();
        }
        return Optional.of(new BearerChallenge(uri, Optional.ofNullable(parameters.get("service")),
                Optional.ofNullable(parameters.get("scope"))));
    }

    /** The token request: the realm with {@code service} and {@code scope} (the challenge's, else {@code fallbackScope}). */
    URI tokenRequest(String fallbackScope) {
        StringBuilder query = new StringBuilder(realm.getRawQuery() == null ? "" : realm.getRawQuery());
        service.ifPresent(value -> append(query, "service", value));
        append(query, "scope", scope.orElse(fallbackScope));
        String base = realm.toString();
        int mark = base.indexOf('?');
        return URI.create((mark < 0 ? base : base.substring(0, mark)) + "?" + query);
    }

    private static void append(StringBuilder query, String name, String value) {
        if (!query.isEmpty()) {
            query.append('&');
        }
        query.append(name).append('=').append(URLEncoder.encode(value, StandardCharsets.UTF_8));
    }

    /** {@code name="quoted value"} or {@code name=token} pairs separated by commas (RFC 7235 auth-params). */
    private static Map<String, String> parameters(String text) {
        Map<String, String> parameters = new LinkedHashMap<>();
        int i = 0;
        while (i < text.length()) {
            while (i < text.length() && (text.charAt(i) == ',' || text.charAt(i) == ' ')) {
                i++;
            }
            int equals = text.indexOf('=', i);
            if (equals < 0) {
                break;
            }
            String name = text.substring(i, equals).strip().toLowerCase(Locale.ROOT);
            i = equals + 1;
            StringBuilder value = new StringBuilder();
            if (i < text.length() && text.charAt(i) == '"') {
                i++;
                while (i < text.length() && text.charAt(i) != '"') {
                    if (text.charAt(i) == '\\' && i + 1 < text.length()) {
                        i++;
                    }
                    value.append(text.charAt(i++));
                }
                i++; // the closing quote
            } else {
                while (i < text.length() && text.charAt(i) != ',') {
                    value.append(text.charAt(i++));
                }
            }
            parameters.putIfAbsent(name, value.toString().strip());
        }
        return parameters;
    }
}

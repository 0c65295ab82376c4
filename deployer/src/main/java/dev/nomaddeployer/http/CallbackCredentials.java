package dev.nomaddeployer.http;

import dev.nomaddeployer.config.RegistryAuth;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Checks the {@code Authorization} header the registry sends from its endpoint's {@code headers} setting.
 * Only SHA-256 digests of the configured secrets are kept, and they are compared with
 * {@link MessageDigest#isEqual}: equal-length inputs, so the time taken says nothing about how much of a guess
 * was right, nor about the secret's length.
 */
final class CallbackCredentials {
    static final String REALM = "nomad-deployer";

    private final Optional<byte[]> token;
    private final Optional<byte[]> username;
    private final Optional<byte[]> password;

    private CallbackCredentials(Optional<byte[]> token, Optional<byte[]> username, Optional<byte[]> password) {
        this.token = token;
        this.username = username;
        this.password = password;
    }

    static CallbackCredentials of(RegistryAuth auth) {
        boolean basic = auth.username().isPresent();
        return new CallbackCredentials(auth.token().map(CallbackCredentials::sha256),
                basic ? auth.username().map(CallbackCredentials::sha256) : Optional.empty(),
                basic ? Optional.of(sha256(auth.password().orElse(""))) : Optional.empty());
    }

    /** No credentials demanded: for what the network allow-list alone guards. */
    static CallbackCredentials none() {
        return new CallbackCredentials(Optional.empty(), Optional.empty(), Optional.empty());
    }

    boolean required() {
        return token.isPresent() || username.isPresent();
    }

    /** The {@code WWW-Authenticate} values of a 401: one per scheme that would be accepted. */
    List<String> challenges() {
        List<String> challenges = new ArrayList<>();
        token.ifPresent(t -> challenges.add("Bearer realm=\"" + REALM + "\""));
        username.ifPresent(u -> challenges.add("Basic realm=\"" + REALM + "\", charset=\"UTF-8\""));
        return challenges;
    }

    /**
     * @param authorization the header's value, null when absent. The registry sends exactly the configured
     *                      text, so exactly one space after the scheme is accepted: anything looser would
     *                      let several spellings of one secret through and make typos harder to see.
     */
    Authentication check(String authorization) {
        if (!required()) {
            return new Authentication.NotRequired();
        }
        if (authorization == null || authorization.isEmpty()) {
            return new Authentication.Refused("none", "no Authorization header");
        }
        int space = authorization.indexOf(' ');
        String scheme = (space < 0 ? authorization : authorization.substring(0, space)).toLowerCase(Locale.ROOT);
        String value = space < 0 ? "" : authorization.substring(space + 1);
        return switch (scheme) {
            case "bearer" -> bearer(value);
            case "basic" -> basic(value);
            default -> new Authentication.Refused("other", "unsupported Authorization scheme; expected "
                    + expectedSchemes());
        };
    }

    private Authentication bearer(String value) {
        if (token.isEmpty()) {
            return new Authentication.Refused("bearer", "bearer token sent but only basic auth is configured");
        }
        return MessageDigest.isEqual(sha256(value), token.get())
                ? new Authentication.Granted("bearer")
                : new Authentication.Refused("bearer", "wrong bearer token");
    }

    private Authentication basic(String value) {
        if (username.isEmpty()) {
            return new Authentication.Refused("basic", "basic credentials sent but only a bearer token is configured");
        }
        byte[] decoded;
        try {
            decoded = Base64.getDecoder().decode(value);
        } catch (IllegalArgumentException e) {
            return new Authentication.Refused("basic", "basic credentials are not base64");
        }
        String pair = new String(decoded, StandardCharsets.UTF_8);
        int colon = pair.indexOf(':');
        if (colon < 0) {
            return new Authentication.Refused("basic", "basic credentials have no user:password separator");
        }
        // Both compared every time (& rather than &&), so a right user name does not answer faster.
        boolean userMatches = MessageDigest.isEqual(sha256(pair.substring(0, colon)), username.get());
        boolean passwordMatches = MessageDigest.isEqual(sha256(pair.substring(colon + 1)), password.orElseThrow());
        return userMatches & passwordMatches
                ? new Authentication.Granted("basic")
                : new Authentication.Refused("basic", "wrong user name or password");
    }

    private String expectedSchemes() {
        return token.isPresent() && username.isPresent() ? "Bearer or Basic" : token.isPresent() ? "Bearer" : "Basic";
    }

    private static byte[] sha256(String text) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }
}

package dev.nomaddeployer.http;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Optional;

/**
 * The operator's bearer token ({@code ui.auth.token}): what the web UI's actions and the API's job switches
 * accept in {@code Authorization: Bearer ...}. Only its SHA-256 digest is kept, compared with
 * {@link MessageDigest#isEqual} on equal-length digests, as {@link CallbackCredentials} does.
 */
public final class OperatorToken {
    private static final String SCHEME = "bearer ";

    private final Optional<byte[]> digest;

    private OperatorToken(Optional<byte[]> digest) {
        this.digest = digest;
    }

    public static OperatorToken of(Optional<String> token) {
        return new OperatorToken(token.map(OperatorToken::sha256));
    }

    /** False when no token is configured: then no request is an operator's. */
    public boolean configured() {
        return digest.isPresent();
    }

    /** @param authorization the {@code Authorization} header's value, null when absent */
    public boolean grants(String authorization) {
        if (digest.isEmpty() || authorization == null || authorization.length() < SCHEME.length()
                || !authorization.regionMatches(true, 0, SCHEME, 0, SCHEME.length())) {
            return false;
        }
        return MessageDigest.isEqual(sha256(authorization.substring(SCHEME.length())), digest.get());
    }

    private static byte[] sha256(String text) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }
}

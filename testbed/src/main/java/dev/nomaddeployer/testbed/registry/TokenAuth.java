package dev.nomaddeployer.testbed.registry;

import java.net.URI;
import java.nio.file.Path;

/**
 * Distribution's {@code auth.token} section: where clients fetch tokens ({@code realm}), the name the tokens must be
 * for ({@code service}, their {@code aud}), who must have issued them ({@code issuer}, their {@code iss}) and the
 * PEM certificates a token's {@code x5c} chain must lead to ({@code rootCertBundle}). {@link TokenServer#auth()}.
 */
public record TokenAuth(URI realm, String service, String issuer, Path rootCertBundle) {
}

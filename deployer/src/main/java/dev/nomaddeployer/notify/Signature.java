package dev.nomaddeployer.notify;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** {@code X-Nomad-Deployer-Signature}: HMAC-SHA256 of the exact body bytes under the sink's secret, in hex. */
public final class Signature {
    public static final String HEADER = "X-Nomad-Deployer-Signature";
    static final String PREFIX = "sha256=";

    private Signature() {}

    /** The header's value: {@code sha256=<64 lower-case hex digits>}. */
    public static String of(byte[] body, String secret) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return PREFIX + HexFormat.of().formatHex(mac.doFinal(body));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("every Java runtime has HmacSHA256", e);
        }
    }
}

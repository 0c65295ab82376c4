package dev.nomaddeployer.webhook;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Checks a delivery against its source's proofs. Every comparison is over equal-length values with
 * {@link MessageDigest#isEqual} (a signature against the one computed, a secret's SHA-256 against the configured
 * one's), so the time taken says nothing about how much of a guess was right.
 */
public final class SenderCheck {
    private SenderCheck() {}

    public static Verification check(List<SenderProof> proofs, WebhookRequest request, String secret) {
        boolean offered = false;
        for (SenderProof proof : proofs) {
            Optional<String> sent = offered(proof, request);
            if (sent.isEmpty()) {
                continue;
            }
            offered = true;
            if (matches(proof, sent.get(), request.body(), secret)) {
                return new Verification.Verified(proof.describe());
            }
        }
        String expected = proofs.stream().map(SenderProof::describe).collect(Collectors.joining(" or "));
        return new Verification.Refused(offered ? "wrong secret or signature; expected " + expected
                : "no proof of the sender; expected " + expected);
    }

    private static Optional<String> offered(SenderProof proof, WebhookRequest request) {
        if (proof instanceof SenderProof.BodySignature signature) {
            return request.header(signature.header());
        }
        if (proof instanceof SenderProof.HeaderSecret header) {
            return request.header(header.header());
        }
        if (proof instanceof SenderProof.BasicCredentials) {
            return request.header("Authorization");
        }
        if (proof instanceof SenderProof.PathSecret) {
            return request.pathSecret();
        }
        throw new IllegalStateException("no check for proof " + proof);
    }

    private static boolean matches(SenderProof proof, String sent, byte[] body, String secret) {
        if (proof instanceof SenderProof.BodySignature signature) {
            if (!sent.regionMatches(true, 0, signature.prefix(), 0, signature.prefix().length())) {
                return false;
            }
            String hex = sent.substring(signature.prefix().length()).strip().toLowerCase(Locale.ROOT);
            return MessageDigest.isEqual(hex.getBytes(StandardCharsets.US_ASCII),
                    hmacHex(secret, body).getBytes(StandardCharsets.US_ASCII));
        }
        if (proof instanceof SenderProof.HeaderSecret header) {
            String expected = header.scheme().isEmpty() ? secret : header.scheme() + " " + secret;
            return MessageDigest.isEqual(sha256(sent), sha256(expected));
        }
        if (proof instanceof SenderProof.BasicCredentials basic) {
            return basicMatches(basic.user(), sent, secret);
        }
        return MessageDigest.isEqual(sha256(sent), sha256(secret));
    }

    /**
     * Exactly one space after the scheme (case-insensitive, as HTTP defines it), standard base64, one colon after
     * the user name: the one spelling a sender writes, as for the distribution callback's basic credentials.
     */
    private static boolean basicMatches(String user, String sent, String secret) {
        String scheme = "Basic ";
        if (!sent.regionMatches(true, 0, scheme, 0, scheme.length())) {
            return false;
        }
        String pair;
        try {
            pair = new String(Base64.getDecoder().decode(sent.substring(scheme.length())), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return false;
        }
        int colon = pair.indexOf(':');
        if (colon < 0) {
            return false;
        }
        // Both compared every time (& rather than &&), so a right user name does not answer faster.
        return MessageDigest.isEqual(sha256(pair.substring(0, colon)), sha256(user))
                & MessageDigest.isEqual(sha256(pair.substring(colon + 1)), sha256(secret));
    }

    /** The lower-case hex HMAC-SHA256 of {@code body} under {@code secret}: what a signing sender sends. */
    public static String hmacHex(String secret, byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal(body));
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("every Java runtime has HmacSHA256", e);
        }
    }

    private static byte[] sha256(String text) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }
}

package dev.nomaddeployer.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class SenderCheckTest {
    private static final byte[] BODY = "{\"action\":\"published\"}".getBytes(StandardCharsets.UTF_8);
    private static final List<SenderProof> SIGNED = List.of(new SenderProof.BodySignature("X-Hub-Signature-256",
            "sha256="));

    private static WebhookRequest request(byte[] body, Map<String, String> headers, Optional<String> pathSecret) {
        return new WebhookRequest(body, headers, pathSecret, Instant.EPOCH);
    }

    @Test
    void aSignatureOverTheExactBodyVerifies() {
        // The HMAC-SHA256 of BODY under "s3cret", computed with openssl (dgst -sha256 -hmac s3cret), not by the code.
        String signature = "016c7e6569da06dc5b104c5473828e8dfd5d7c0911a23e25d05b3699305d43a2";

        assertThat(SenderCheck.check(SIGNED, request(BODY, Map.of("x-hub-signature-256", "sha256=" + signature),
                Optional.empty()), "s3cret")).isInstanceOf(Verification.Verified.class);
        assertThat(SenderCheck.check(SIGNED, request(BODY, Map.of("X-Hub-Signature-256", "sha256="
                + signature.toUpperCase()), Optional.empty()), "s3cret")).isInstanceOf(Verification.Verified.class);
    }

    @Test
    void aBodyChangedOnTheWayOrSignedWithAnotherSecretIsRefused() {
        String signature = SenderCheck.hmacHex("s3cret", BODY);
        byte[] changed = "{\"action\":\"published\" }".getBytes(StandardCharsets.UTF_8);

        assertThat(SenderCheck.check(SIGNED, request(changed, Map.of("X-Hub-Signature-256", "sha256=" + signature),
                Optional.empty()), "s3cret")).isInstanceOf(Verification.Refused.class);
        assertThat(SenderCheck.check(SIGNED, request(BODY, Map.of("X-Hub-Signature-256", "sha256="
                + SenderCheck.hmacHex("other", BODY)), Optional.empty()), "s3cret"))
                .isInstanceOf(Verification.Refused.class);
        assertThat(SenderCheck.check(SIGNED, request(BODY, Map.of("X-Hub-Signature-256", signature),
                Optional.empty()), "s3cret")).isInstanceOf(Verification.Refused.class);
    }

    @Test
    void theKnownHmacOfAKnownBodyMatches() {
        // RFC 4231 test case 2: key "Jefe", data "what do ya want for nothing?".
        assertThat(SenderCheck.hmacHex("Jefe", "what do ya want for nothing?".getBytes(StandardCharsets.US_ASCII)))
                .isEqualTo("5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
    }

    @Test
    void aRefusalNamesWhatWasExpectedAndNeverWhatWasSent() {
        Verification refused = SenderCheck.check(SIGNED, request(BODY, Map.of("X-Hub-Signature-256",
                "sha256=deadbeef-guess"), Optional.empty()), "s3cret");

        assertThat(refused).isInstanceOfSatisfying(Verification.Refused.class, no -> assertThat(no.reason())
                .contains("X-Hub-Signature-256: sha256=<HMAC-SHA256 of the body, hex>")
                .doesNotContain("deadbeef-guess").doesNotContain("s3cret"));
    }

    @Test
    void aPathSecretMustBeExactlyTheSecret() {
        List<SenderProof> path = List.of(new SenderProof.PathSecret());

        assertThat(SenderCheck.check(path, request(BODY, Map.of(), Optional.of("s3cret")), "s3cret"))
                .isInstanceOf(Verification.Verified.class);
        assertThat(SenderCheck.check(path, request(BODY, Map.of(), Optional.of("s3cre")), "s3cret"))
                .isInstanceOf(Verification.Refused.class);
        assertThat(SenderCheck.check(path, request(BODY, Map.of(), Optional.empty()), "s3cret"))
                .isInstanceOf(Verification.Refused.class);
    }
}

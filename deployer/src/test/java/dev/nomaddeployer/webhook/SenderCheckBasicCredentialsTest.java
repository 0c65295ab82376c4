package dev.nomaddeployer.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** A sender that passes a URL's user-info proves itself by basic credentials: the source's user and its secret. */
class SenderCheckBasicCredentialsTest {
    private static final String SECRET = "9f2c-Quay-s3cret";
    private static final List<SenderProof> PROOFS = List.of(new SenderProof.BasicCredentials("quay"));

    @Test
    void theSourcesUserAndTheSecretVerify() {
        assertThat(check("Basic " + base64("quay:" + SECRET))).isInstanceOf(Verification.Verified.class);
    }

    @Test
    void theSchemeIsCaseInsensitive() {
        assertThat(check("basic " + base64("quay:" + SECRET))).isInstanceOf(Verification.Verified.class);
    }

    @Test
    void aSecretWithAColonIsReadAfterTheFirstColon() {
        assertThat(SenderCheck.check(PROOFS, request("Basic " + base64("quay:a:b")), "a:b"))
                .isInstanceOf(Verification.Verified.class);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            wrong secret              | quay:not-the-secret
            another user              | robot:9f2c-Quay-s3cret
            secret with a character more | quay:9f2c-Quay-s3cretx
            no colon                  | quay9f2c-Quay-s3cret
            secret as the user        | 9f2c-Quay-s3cret:
            """)
    void otherCredentialsAreRefused(String what, String pair) {
        assertThat(check("Basic " + base64(pair))).isInstanceOf(Verification.Refused.class);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            not base64              | Basic !!!notbase64
            bearer scheme           | Bearer 9f2c-Quay-s3cret
            the secret alone        | 9f2c-Quay-s3cret
            two spaces              | Basic  cXVheTo5ZjJjLVF1YXktczNjcmV0
            """)
    void anotherSpellingIsRefused(String what, String authorization) {
        assertThat(check(authorization)).isInstanceOf(Verification.Refused.class);
    }

    @Test
    void noAuthorizationHeaderIsRefusedNamingWhatIsExpected() {
        Verification refused = SenderCheck.check(PROOFS, new WebhookRequest(new byte[0], Map.of(), Optional.empty(),
                Instant.EPOCH), SECRET);

        assertThat(refused).isEqualTo(new Verification.Refused(
                "no proof of the sender; expected Authorization: Basic <base64 of quay:<secret>>"));
    }

    private static Verification check(String authorization) {
        return SenderCheck.check(PROOFS, request(authorization), SECRET);
    }

    private static WebhookRequest request(String authorization) {
        Map<String, String> headers = new HashMap<>();
        headers.put("Authorization", authorization);
        return new WebhookRequest(new byte[0], headers, Optional.empty(), Instant.EPOCH);
    }

    private static String base64(String text) {
        return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }
}

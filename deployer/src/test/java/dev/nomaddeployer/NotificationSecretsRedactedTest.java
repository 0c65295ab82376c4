package dev.nomaddeployer;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nomaddeployer.config.SettingsLoader;
import dev.nomaddeployer.log.SecretRedactor;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Webhook URLs and signing secrets are secrets: the log masks them wherever a library might print them. */
class NotificationSecretsRedactedTest {
    private static final String HOOK_URL = "http://127.0.0.1:9/hook/s3cr3t-hook-path-XYZ";
    private static final String HMAC = "s3cr3t-hmac-key-XYZ";
    private static final String SLACK_URL = "http://127.0.0.1:9/services/s3cr3t-slack-path-XYZ";

    @TempDir
    Path dir;

    @Test
    void everySinkUrlAndSecretIsMaskedInLogLines() throws Exception {
        var settings = SettingsLoader.load(new String[0], Map.of("DEPLOYER_NOTIFY_WEBHOOK_URL", HOOK_URL,
                "DEPLOYER_NOTIFY_WEBHOOK_SECRET", HMAC, "DEPLOYER_NOTIFY_SINKS",
                "[{\"name\":\"chat\",\"type\":\"slack\",\"url\":\"" + SLACK_URL + "\"}]"), dir)
                .settings();
        SecretRedactor redactor = new SecretRedactor(Main.secretsOf(settings));

        String line = redactor.redact("event=oops url=" + HOOK_URL + " key=" + HMAC + " slack=" + SLACK_URL);

        assertThat(line).doesNotContain("s3cr3t").contains(SecretRedactor.MASK);
    }
}

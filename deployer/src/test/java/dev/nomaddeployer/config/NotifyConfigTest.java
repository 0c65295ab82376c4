package dev.nomaddeployer.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.nomaddeployer.notify.Notice;
import dev.nomaddeployer.notify.Sink;
import dev.nomaddeployer.notify.SinkType;
import java.net.URI;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The notification settings: the two-key webhook, sinks in every file format, and what a bad entry says. */
class NotifyConfigTest {
    private static final String SLACK_URL = "http://127.0.0.1:9/services/T0/B0/slackpathsecret";
    private static final String HOOK_URL = "http://127.0.0.1:9/hook/hookpathsecret";
    private static final String HMAC = "hmac-secret-of-the-ops-hook";

    @TempDir
    Path tmp;

    private ConfigDir dir;

    @BeforeEach
    void setUp() {
        dir = new ConfigDir(tmp);
    }

    @Test
    void twoKeysMakeASignedWebhookThatGetsEveryEvent() throws ConfigException {
        Settings settings = dir.settings(Map.of("DEPLOYER_NOTIFY_WEBHOOK_URL", HOOK_URL,
                "DEPLOYER_NOTIFY_WEBHOOK_SECRET", HMAC));

        assertThat(settings.notifications().sinks()).containsExactly(new Sink("webhook", SinkType.WEBHOOK, HOOK_URL,
                Optional.of(HMAC), EnumSet.allOf(Notice.Kind.class)));
    }

    @Test
    void nothingConfiguredMeansNoSinks() throws ConfigException {
        assertThat(dir.settings().notifications().sinks()).isEmpty();
        assertThat(dir.settings().notifications().nomadUi()).isEmpty();
    }

    @Test
    void aWebhookUrlWithoutItsSecretIsRefused() {
        assertThatThrownBy(() -> dir.load("--notify.webhook.url", HOOK_URL))
                .hasMessageContaining("notify.webhook.url and notify.webhook.secret must be set together")
                .hasMessageNotContaining("hookpathsecret");
    }

    @Test
    void theWebhookUrlCanComeFromAFileAndIsCheckedWithoutBeingShown() throws ConfigException {
        Path good = dir.write("secrets/url", HOOK_URL + "\n");
        Path bad = dir.write("secrets/bad-url", "ftp://127.0.0.1/hookpathsecret\n");

        assertThat(dir.settings("--notify.webhook.url_file", good.toString(), "--notify.webhook.secret", HMAC)
                .notifications().sinks()).extracting(Sink::url).containsExactly(HOOK_URL);
        assertThatThrownBy(() -> dir.load("--notify.webhook.url_file", bad.toString(), "--notify.webhook.secret", HMAC))
                .hasMessageContaining("notify.webhook.url_file: the content of file " + bad)
                .hasMessageContaining("the scheme must be http or https")
                .hasMessageNotContaining("hookpathsecret");
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"yaml", "json", "toml", "hcl", "properties"})
    void sinksAreReadAlikeFromEveryFormat(String format) throws ConfigException {
        dir.write("secrets/slack", SLACK_URL);
        dir.write("deployer." + format, switch (format) {
            case "yaml" -> """
                    nomad:
                      ui_url: http://127.0.0.1:4646/
                    notify:
                      sinks:
                        - name: chat
                          type: slack
                          url_file: secrets/slack
                          events: [failed, rolled_back]
                        - name: ops
                          type: webhook
                          url: %s
                          secret: %s
                    """.formatted(HOOK_URL, HMAC);
            case "json" -> """
                    {"nomad": {"ui_url": "http://127.0.0.1:4646/"},
                     "notify": {"sinks": [
                       {"name": "chat", "type": "slack", "url_file": "secrets/slack", "events": ["failed", "rolled_back"]},
                       {"name": "ops", "type": "webhook", "url": "%s", "secret": "%s"}]}}
                    """.formatted(HOOK_URL, HMAC);
            case "toml" -> """
                    [nomad]
                    ui_url = "http://127.0.0.1:4646/"

                    [[notify.sinks]]
                    name = "chat"
                    type = "slack"
                    url_file = "secrets/slack"
                    events = ["failed", "rolled_back"]

                    [[notify.sinks]]
                    name = "ops"
                    type = "webhook"
                    url = "%s"
                    secret = "%s"
                    """.formatted(HOOK_URL, HMAC);
            case "hcl" -> """
                    nomad {
                      ui_url = "http://127.0.0.1:4646/"
                    }
                    notify {
                      sinks = [
                        { name = "chat", type = "slack", url_file = "secrets/slack", events = ["failed", "rolled_back"] },
                        { name = "ops", type = "webhook", url = "%s", secret = "%s" }
                      ]
                    }
                    """.formatted(HOOK_URL, HMAC);
            default -> """
                    nomad.ui_url=http://127.0.0.1:4646/
                    notify.sinks=[{"name":"chat","type":"slack","url_file":"secrets/slack","events":"failed,rolled_back"},\\
                      {"name":"ops","type":"webhook","url":"%s","secret":"%s"}]
                    """.formatted(HOOK_URL, HMAC);
        });

        LoadedSettings loaded = dir.load();

        assertThat(loaded.warnings()).isEmpty();
        assertThat(loaded.settings().notifications().nomadUi()).contains(URI.create("http://127.0.0.1:4646"));
        assertThat(loaded.settings().notifications().sinks()).containsExactly(
                new Sink("chat", SinkType.SLACK, SLACK_URL, Optional.empty(),
                        EnumSet.of(Notice.Kind.FAILED, Notice.Kind.ROLLED_BACK)),
                new Sink("ops", SinkType.WEBHOOK, HOOK_URL, Optional.of(HMAC), EnumSet.allOf(Notice.Kind.class)));
        assertThat(loaded.describe()).filteredOn(e -> e.key().equals("notify.sinks")).singleElement()
                .satisfies(e -> assertThat(e.value()).isEqualTo("chat=slack(failed, rolled_back);ops=webhook("
                        + "registered, rolled_out, failed, rolled_back, paused, resumed)"));
    }

    @Test
    void sinksCanBeGivenAsJsonInAVariable() throws ConfigException {
        Settings settings = dir.settings(Map.of("DEPLOYER_NOTIFY_SINKS",
                "[{\"name\":\"teams\",\"type\":\"teams\",\"url\":\"" + SLACK_URL + "\",\"events\":[\"paused\"]}]"));

        assertThat(settings.notifications().sinks()).containsExactly(new Sink("teams", SinkType.TEAMS, SLACK_URL,
                Optional.empty(), EnumSet.of(Notice.Kind.PAUSED)));
    }

    @Test
    void aBadSinkEntryNamesTheKeyTheFileTheLineAndTheEntryWithoutShowingItsUrl() {
        Path file = dir.write("deployer.yaml", """
                log:
                  level: info
                notify:
                  sinks:
                    - name: ops
                      type: webhook
                      url: %s
                      secret: %s
                    - name: chat
                      type: slak
                      url: %s
                """.formatted(HOOK_URL, HMAC, SLACK_URL));

        assertThatThrownBy(dir::load).isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("notify.sinks: invalid value \"entry 2 (chat)\" from file " + file + " line 4: "
                        + "type \"slak\" is not one of webhook, slack, teams; expected a list of sinks")
                .hasMessageNotContaining("slackpathsecret")
                .hasMessageNotContaining("hookpathsecret")
                .hasMessageNotContaining(HMAC);
    }

    @Test
    void eachKindOfMistakeInASinkIsExplained() {
        assertThat(problem("[{\"type\":\"slack\",\"url\":\"" + SLACK_URL + "\"}]")).contains("entry 1", "has no name");
        assertThat(problem("[{\"name\":\"a\",\"type\":\"webhook\",\"url\":\"" + HOOK_URL + "\"}]"))
                .contains("entry 1 (a)", "needs secret or secret_file");
        assertThat(problem("[{\"name\":\"a\",\"type\":\"slack\",\"url\":\"" + SLACK_URL + "\",\"secret\":\"x\"}]"))
                .contains("takes no secret");
        assertThat(problem("[{\"name\":\"a\",\"type\":\"slack\",\"url\":\"" + SLACK_URL + "\",\"events\":[\"done\"]}]"))
                .contains("unknown event \"done\"", "registered, rolled_out, failed, rolled_back, paused, resumed");
        assertThat(problem("[{\"name\":\"a\",\"type\":\"slack\",\"url\":\"" + SLACK_URL + "\",\"evnts\":[\"failed\"]}]"))
                .contains("unknown field \"evnts\" (did you mean events?)");
        assertThat(problem("[{\"name\":\"a\",\"type\":\"slack\",\"url\":\"" + SLACK_URL + "\"},"
                + "{\"name\":\"a\",\"type\":\"teams\",\"url\":\"" + SLACK_URL + "\"}]")).contains("used twice");
        assertThat(problem("[{\"name\":\"webhook\",\"type\":\"slack\",\"url\":\"" + SLACK_URL + "\"}]"))
                .contains("the sink of notify.webhook.url");
        assertThat(problem("[{\"name\":\"a\",\"type\":\"slack\",\"url\":\"mailto:x@slackpathsecret\"}]"))
                .contains("url: the scheme must be http or https").doesNotContain("slackpathsecret");
        assertThat(problem("[{\"name\":\"a\",\"type\":\"slack\",\"url_file\":\"nope\"}]"))
                .contains("url_file: cannot read file " + tmp.resolve("nope"));
        assertThat(problem("{\"name\":\"a\"}")).contains("not a JSON list");
    }

    private String problem(String sinks) {
        try {
            dir.load(Map.of("DEPLOYER_NOTIFY_SINKS", sinks));
        } catch (ConfigException e) {
            assertThat(e.getMessage()).startsWith("notify.sinks: invalid value").contains("env var DEPLOYER_NOTIFY_SINKS");
            return e.getMessage();
        }
        throw new AssertionError("accepted " + sinks);
    }

    @Test
    void sinkUrlsAndSecretsAreMaskedWhereverSettingsArePrinted() throws ConfigException {
        LoadedSettings loaded = dir.load(Map.of("DEPLOYER_NOTIFY_WEBHOOK_URL", HOOK_URL,
                "DEPLOYER_NOTIFY_WEBHOOK_SECRET", HMAC, "DEPLOYER_NOTIFY_SINKS",
                "[{\"name\":\"chat\",\"type\":\"slack\",\"url\":\"" + SLACK_URL + "\"}]"));

        String printed = loaded.describe().toString() + loaded.settings() + loaded.settings().notifications();
        assertThat(printed).doesNotContain("hookpathsecret", "slackpathsecret", HMAC).contains("chat=slack");
        assertThat(loaded.settings().notifications().secrets()).containsExactlyInAnyOrder(HOOK_URL, HMAC, SLACK_URL);
        assertThat(List.of(loaded.settings().notifications().sinks().toString())).noneMatch(s -> s.contains("127.0.0.1"));
    }
}

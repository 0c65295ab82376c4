package dev.nomaddeployer.webhook;

import static dev.nomaddeployer.webhook.QuayEventsTest.accepted;
import static dev.nomaddeployer.webhook.WebhookFixture.RECEIVED;
import static org.assertj.core.api.Assertions.assertThat;

import dev.nomaddeployer.deploy.PushEvent;
import dev.nomaddeployer.registry.NotificationBatch;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class GiteaEventsTest {
    private static final Map<String, String> PACKAGE_EVENT = Map.of("X-Gitea-Event", "package");
    private final GiteaEvents gitea = new GiteaEvents();

    @Test
    void createdContainerVersionIsAPushOfItsTagOnTheInstancesHost() {
        NotificationBatch.Accepted batch = accepted(gitea.read(WebhookFixture.load("gitea", "package_created").request()));

        assertThat(batch.ignored()).isEmpty();
        assertThat(batch.pushes()).singleElement().satisfies(push -> {
            assertThat(push.eventId()).matches("gitea-[0-9a-f]{32}-0");
            assertThat(push.timestamp()).isEqualTo(Instant.parse("2026-11-30T08:12:44Z"));
            assertThat(push.registryHost()).isEqualTo("git.example");
            assertThat(push.repository()).isEqualTo("platform/web");
            assertThat(push.tag()).isEqualTo("1.8.0");
            assertThat(push.digest()).isNull();
            assertThat(push.mediaType()).isNull();
            assertThat(push.actor()).isEqualTo("ci-bot");
            assertThat(push.source()).isEqualTo("gitea");
        });
    }

    @Test
    void forgejosOwnEventHeaderIsRead() {
        NotificationBatch.Accepted batch = accepted(gitea.read(new WebhookRequest(
                WebhookFixture.load("gitea", "forgejo_package_created").body(), Map.of("X-Forgejo-Event", "package"),
                Optional.empty(), RECEIVED)));

        assertThat(batch.pushes()).singleElement().satisfies(push -> {
            assertThat(push.registryHost()).isEqualTo("forge.example");
            assertThat(push.repository()).isEqualTo("platform/worker");
            assertThat(push.tag()).isEqualTo("0.4.0");
            assertThat(push.timestamp()).isEqualTo(Instant.parse("2026-11-30T11:30:00Z"));
        });
    }

    @Test
    void aRedeliveryUnderANewDeliveryIdHasTheSameEventId() {
        Map<String, String> headers = new HashMap<>(WebhookFixture.load("gitea", "package_created").headers());
        PushEvent first = accepted(gitea.read(WebhookFixture.load("gitea", "package_created").request())).pushes().get(0);
        headers.put("X-Gitea-Delivery", "0b6f2c8e-7d41-4a95-b3e0-5c9a1d7f2e68");
        PushEvent redelivered = accepted(gitea.read(new WebhookRequest(WebhookFixture.load("gitea",
                "package_created").body(), headers, Optional.empty(), RECEIVED.plusSeconds(600)))).pushes().get(0);

        assertThat(redelivered.eventId()).isEqualTo(first.eventId());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({
            "package_created_untagged, untagged manifest push of web",
            "package_deleted, deleted container package web 1.7.2",
            "package_created_npm, created npm package @platform/ui-kit 4.1.0",
            "push, push event"})
    void whatIsNoNewTaggedContainerImageIsAnsweredAndIgnored(String event, String reason) {
        NotificationBatch.Accepted batch = accepted(gitea.read(WebhookFixture.load("gitea", event).request()));

        assertThat(batch.pushes()).isEmpty();
        assertThat(batch.ignored()).containsExactly(reason);
    }

    @Test
    void aDeliveryWithoutTheEventHeaderIsMalformed() {
        assertThat(gitea.read(new WebhookRequest(WebhookFixture.load("gitea", "package_created").body(), Map.of(),
                Optional.empty(), RECEIVED)))
                .isEqualTo(new NotificationBatch.Malformed("no X-Gitea-Event or X-Forgejo-Event header"));
    }

    @ParameterizedTest(name = "{1}")
    @CsvSource(delimiter = '|', textBlock = """
            not json                                                  | body is not JSON
            {"action": "created"}                                     | a package event needs "action" and "package"
            {"action": "created", "package": {"type": "container", "name": "web"}} | package needs type, name and version
            {"action": "created", "package": {"type": "container", "name": "web", "version": "1", "html_url": "https://git.example/x"}} | package.owner.login is missing
            {"action": "created", "package": {"type": "container", "name": "web", "version": "1", "owner": {"login": "a"}}} | no host in package.html_url
            {"action": "created", "package": {"type": "container", "name": "web", "version": "1", "owner": {"login": "a"}, "html_url": "https://git.example/x", "created_at": "yesterday"}} | package.created_at "yesterday" is not an RFC 3339 date-time
            """)
    void aPackageEventThatCannotBeReadIsMalformedSayingWhere(String body, String reason) {
        assertThat(gitea.read(new WebhookRequest(body.getBytes(StandardCharsets.UTF_8), PACKAGE_EVENT,
                Optional.empty(), RECEIVED))).isInstanceOfSatisfying(NotificationBatch.Malformed.class,
                malformed -> assertThat(malformed.reason()).startsWith(reason));
    }
}

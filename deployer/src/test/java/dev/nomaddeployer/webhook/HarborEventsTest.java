package dev.nomaddeployer.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nomaddeployer.deploy.PushEvent;
import dev.nomaddeployer.registry.NotificationBatch;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class HarborEventsTest {
    private static final Instant RECEIVED = Instant.parse("2026-12-01T20:00:00Z");
    private final HarborEvents harbor = new HarborEvents();

    private NotificationBatch.Accepted accepted(String event) {
        NotificationBatch batch = harbor.read(WebhookFixture.load("harbor", event).request());
        assertThat(batch).isInstanceOf(NotificationBatch.Accepted.class);
        return (NotificationBatch.Accepted) batch;
    }

    private NotificationBatch read(String body) {
        return harbor.read(new WebhookRequest(body.getBytes(StandardCharsets.UTF_8), Map.of(), Optional.empty(),
                RECEIVED));
    }

    @Test
    void anArtifactPushIsThePushOfItsTagWithItsDigestHostAndPusher() {
        NotificationBatch.Accepted batch = accepted("push-artifact");

        assertThat(batch.ignored()).isEmpty();
        assertThat(batch.pushes()).singleElement().satisfies(push -> {
            assertThat(push.registryHost()).isEqualTo("harbor.example.test");
            assertThat(push.repository()).isEqualTo("team/app");
            assertThat(push.tag()).isEqualTo("1.7.0");
            assertThat(push.digest()).isEqualTo("sha256:3b1f6e9c2a7d4e8f0b5c6a1d9e2f3a4b5c6d7e8f9a0b1c2d3e4f5a6b7c8d9e0f");
            assertThat(push.timestamp()).isEqualTo(Instant.ofEpochSecond(1764612000));
            assertThat(push.actor()).isEqualTo("ci-robot");
            assertThat(push.source()).isEqualTo("harbor");
            assertThat(push.eventId()).startsWith("harbor-");
        });
    }

    @Test
    void oneArtifactWithTwoTagsIsTwoPushesOnTheRegistrysPort() {
        NotificationBatch.Accepted batch = accepted("push-two-tags");

        assertThat(batch.pushes()).extracting(PushEvent::tag).containsExactly("1.7.1", "latest");
        assertThat(batch.pushes()).extracting(PushEvent::registryHost).containsOnly("harbor.example.test:8443");
        assertThat(batch.pushes()).extracting(PushEvent::eventId).doesNotHaveDuplicates();
    }

    @Test
    void aRedeliveryCarriesTheSameEventIdsSoTheInboxKeepsOneCopy() {
        assertThat(accepted("push-two-tags").pushes()).extracting(PushEvent::eventId)
                .isEqualTo(accepted("push-two-tags").pushes().stream().map(PushEvent::eventId).toList());
    }

    @ParameterizedTest
    @CsvSource({
            "pull-artifact, PULL_ARTIFACT",
            "delete-artifact, DELETE_ARTIFACT",
            "scanning-completed, SCANNING_COMPLETED",
            "upload-chart, UPLOAD_CHART",
            "push-untagged, untagged artifact push"})
    void eventsThatCannotChangeWhatAJobRunsAreAnsweredAndIgnored(String event, String reason) {
        NotificationBatch.Accepted batch = accepted(event);

        assertThat(batch.pushes()).isEmpty();
        assertThat(batch.ignored()).containsExactly(reason);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "''                                                   | body is empty",
            "[1, 2]                                               | body is not a JSON object",
            "{\"occur_at\": 1}                                    | missing \"type\"",
            "{\"type\": \"PUSH_ARTIFACT\", \"occur_at\": 1}       | needs event_data.repository.repo_full_name",
            "{\"type\": \"PUSH_ARTIFACT\", \"occur_at\": \"x\", \"event_data\": {\"repository\": {\"repo_full_name\": \"a/b\"}, \"resources\": []}} | occur_at \"x\" is not epoch seconds",
            "{\"type\": \"PUSH_ARTIFACT\", \"occur_at\": 1, \"event_data\": {\"repository\": {\"repo_full_name\": \"a/b\"}, \"resources\": [{\"tag\": \"1\"}]}} | resource 1: no host in resource_url"})
    void whatIsNoHarborDeliveryIsMalformedSayingWhere(String body, String reason) {
        NotificationBatch batch = read(body);

        assertThat(batch).isInstanceOfSatisfying(NotificationBatch.Malformed.class,
                malformed -> assertThat(malformed.reason()).contains(reason));
    }

    @Test
    void aTagOrRepositoryOutsideTheDistributionGrammarIsIgnoredNeverStored() {
        NotificationBatch.Accepted batch = (NotificationBatch.Accepted) read("""
                {"type": "PUSH_ARTIFACT", "occur_at": 1, "event_data": {"repository": {"repo_full_name": "Team/App"},
                 "resources": [{"tag": "1.0", "resource_url": "h.test/Team/App:1.0"}]}}""");

        assertThat(batch.pushes()).isEmpty();
        assertThat(batch.ignored()).singleElement().asString().contains("invalid repository");
    }

    @Test
    void harborsAuthHeaderIsTheSecretAloneOrAfterBearer() {
        WebhookRequest alone = new WebhookRequest(new byte[0], Map.of("Authorization", "s3cret"), Optional.empty(),
                RECEIVED);
        WebhookRequest bearer = new WebhookRequest(new byte[0], Map.of("Authorization", "Bearer s3cret"),
                Optional.empty(), RECEIVED);
        WebhookRequest wrong = new WebhookRequest(new byte[0], Map.of("Authorization", "Bearer guess"),
                Optional.empty(), RECEIVED);
        WebhookRequest none = new WebhookRequest(new byte[0], Map.of(), Optional.empty(), RECEIVED);

        assertThat(SenderCheck.check(harbor.proofs(), alone, "s3cret")).isInstanceOf(Verification.Verified.class);
        assertThat(SenderCheck.check(harbor.proofs(), bearer, "s3cret")).isInstanceOf(Verification.Verified.class);
        assertThat(SenderCheck.check(harbor.proofs(), wrong, "s3cret")).isInstanceOfSatisfying(
                Verification.Refused.class, refused -> assertThat(refused.reason()).startsWith("wrong secret"));
        assertThat(SenderCheck.check(harbor.proofs(), none, "s3cret")).isInstanceOfSatisfying(
                Verification.Refused.class, refused -> assertThat(refused.reason()).startsWith("no proof"));
    }
}

package dev.nomaddeployer.registry;

import static dev.nomaddeployer.registry.Captures.bytes;
import static dev.nomaddeployer.registry.Captures.envelope;
import static dev.nomaddeployer.registry.Captures.taggedPushEvent;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.nomaddeployer.deploy.PushEvent;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class NotificationsTest {

    private static final String APP_DIGEST = "sha256:2eeae04b8aba3539bcf7c548b7b879cd484e4add6b9bb79603e8de67237316e9";
    private static final String OCI_MANIFEST = "application/vnd.oci.image.manifest.v1+json";

    /** Pushes ("id-prefix repo:tag") and ignored reasons over all POSTs of one capture file. */
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            first-push-then-second-tag.json | bedca0d3 team/app:1.0.0, 48a9061b team/app:1.0.1 | blob push, blob push, pull, pull
            repush-same-tag.json            | 038f1a7d team/app:1.0.1                          | pull, pull
            push-v2s2-new-repo.json         | 60df7592 team/web:3.1.0                          | pull, mount, blob push
            push-multiarch-index.json       | 142e75a4 team/multi:2.0.0                        | blob push, blob push, untagged manifest push, blob push, blob push, untagged manifest push
            pull-inspect.json               | ''                                               | pull, pull
            retry-on-500.json               | e0394bc2 team/app:1.0.2                          | pull, pull, pull, pull, pull, pull, pull, pull, pull, pull
            """)
    void keepsOnlyTaggedManifestPushesFromEveryCapture(String file, String pushes, String ignored) {
        List<String> seenPushes = new ArrayList<>();
        List<String> seenIgnored = new ArrayList<>();
        for (ObjectNode body : Captures.bodies(file)) {
            NotificationBatch.Accepted batch = accepted(Notifications.parse(bytes(body)));
            batch.pushes().forEach(p -> seenPushes.add(p.eventId().substring(0, 8) + " " + p.repository() + ":" + p.tag()));
            seenIgnored.addAll(batch.ignored());
        }

        assertThat(seenPushes).isEqualTo(list(pushes));
        assertThat(seenIgnored).isEqualTo(list(ignored));
    }

    @Test
    void pushOfAnOciManifestBecomesAPushEventWithEveryField() {
        NotificationBatch batch = Notifications.parse(bytes(Captures.bodies("first-push-then-second-tag.json").get(2)));

        assertThat(accepted(batch).pushes()).containsExactly(new PushEvent(
                "bedca0d3-6476-454d-9fa6-bc99583f0675", Instant.parse("2026-11-25T00:27:06.527919526Z"),
                "127.0.0.1:5055", "team/app", "1.0.0", APP_DIGEST, OCI_MANIFEST, null));
    }

    @Test
    void multiArchPushIsOnePushOfTheTaggedIndex() {
        List<PushEvent> pushes = new ArrayList<>();
        for (ObjectNode body : Captures.bodies("push-multiarch-index.json")) {
            pushes.addAll(accepted(Notifications.parse(bytes(body))).pushes());
        }

        assertThat(pushes).singleElement().satisfies(push -> {
            assertThat(push.mediaType()).isEqualTo("application/vnd.oci.image.index.v1+json");
            assertThat(push.digest()).isEqualTo(
                    "sha256:6d890c3bce008d9a914f8e71c1131caaac77ef8466769db42ab7d297cd759cbf");
        });
    }

    @Test
    void acceptsSeveralEventsInOneEnvelopeInOrder() {
        List<JsonNode> events = new ArrayList<>();
        Captures.bodies("first-push-then-second-tag.json").forEach(body -> body.get("events").forEach(events::add));

        NotificationBatch.Accepted batch = accepted(Notifications.parse(bytes(envelope(events.toArray(JsonNode[]::new)))));

        assertThat(batch.pushes()).extracting(PushEvent::tag).containsExactly("1.0.0", "1.0.1");
        assertThat(batch.ignored()).containsExactly("blob push", "blob push", "pull", "pull");
    }

    @Test
    void emptyEventsArrayIsAcceptedWithNothingInIt() {
        NotificationBatch.Accepted batch = accepted(Notifications.parse("{\"events\":[]}".getBytes(StandardCharsets.UTF_8)));

        assertThat(batch.pushes()).isEmpty();
        assertThat(batch.ignored()).isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            application/vnd.docker.distribution.manifest.v2+json
            application/vnd.docker.distribution.manifest.v1+json
            application/vnd.docker.distribution.manifest.v1+prettyjws
            application/vnd.docker.distribution.manifest.list.v2+json
            application/vnd.oci.image.manifest.v1+json
            application/vnd.oci.image.index.v1+json
            """)
    void everyManifestMediaTypeCountsAsAPush(String mediaType) {
        ObjectNode event = taggedPushEvent("repush-same-tag.json");
        ((ObjectNode) event.get("target")).put("mediaType", mediaType);

        assertThat(accepted(Notifications.parse(bytes(envelope(event)))).pushes())
                .extracting(PushEvent::mediaType).containsExactly(mediaType);
    }

    @Test
    void deleteOfATagOrDigestIsIgnored() {
        ObjectNode byDigest = taggedPushEvent("repush-same-tag.json").put("action", "delete");
        ((ObjectNode) byDigest.get("target")).remove("tag");
        ObjectNode byTag = taggedPushEvent("repush-same-tag.json").put("action", "delete");
        ((ObjectNode) byTag.get("target")).remove("digest");

        NotificationBatch.Accepted batch = accepted(Notifications.parse(bytes(envelope(byDigest, byTag))));

        assertThat(batch.pushes()).isEmpty();
        assertThat(batch.ignored()).containsExactly("delete", "delete");
    }

    @ParameterizedTest(name = "{0}:{1}")
    @CsvSource(delimiter = '|', textBlock = """
            team/app  | -1.0          | invalid tag "-1.0" for team/app
            team/app  | 1.0+build     | invalid tag "1.0+build" for team/app
            team/app  | TTTT          | -
            Team/App  | 1.0           | invalid repository "Team/App"
            team//app | 1.0           | invalid repository "team//app"
            team/app_ | 1.0           | invalid repository "team/app_"
            """)
    void invalidTagOrRepositoryIsNeverAPush(String repository, String tag, String reason) {
        String longTag = "t".repeat(129);
        ObjectNode event = taggedPushEvent("repush-same-tag.json");
        ((ObjectNode) event.get("target")).put("repository", repository).put("tag", tag.equals("TTTT") ? longTag : tag);

        NotificationBatch.Accepted batch = accepted(Notifications.parse(bytes(envelope(event))));

        assertThat(batch.pushes()).isEmpty();
        assertThat(batch.ignored()).containsExactly(
                reason.equals("-") ? "invalid tag \"" + longTag + "\" for team/app" : reason);
    }

    @ParameterizedTest(name = "{0} = {1}")
    @CsvSource(delimiter = '|', textBlock = """
            id     | 'abc def'                          | invalid event id for team/app:1.0.1
            id     | ''                                 | invalid event id for team/app:1.0.1
            host   | 'registry:5000 event=forged'       | invalid registry host for team/app:1.0.1
            host   | 'a\tb'                             | invalid registry host for team/app:1.0.1
            digest | 'sha256:abc def'                   | invalid digest for team/app:1.0.1
            digest | 'not a digest'                     | invalid digest for team/app:1.0.1
            """)
    void eventWithAnIdHostOrDigestNoRegistrySendsIsNeverAPush(String field, String value, String reason) {
        ObjectNode event = taggedPushEvent("repush-same-tag.json");
        String text = value.replace("\\t", "\t");
        switch (field) {
            case "id" -> event.put("id", text);
            case "host" -> ((ObjectNode) event.get("request")).put("host", text);
            default -> ((ObjectNode) event.get("target")).put("digest", text);
        }

        NotificationBatch batch = Notifications.parse(bytes(envelope(event)));

        if (batch instanceof NotificationBatch.Accepted accepted) {
            assertThat(accepted.pushes()).isEmpty();
            assertThat(accepted.ignored()).containsExactly(reason);
        } else {
            assertThat(((NotificationBatch.Malformed) batch).reason()).contains(field);
        }
    }

    @Test
    void unknownFieldsAreIgnored() {
        ObjectNode event = taggedPushEvent("repush-same-tag.json");
        event.put("futureField", true);
        ((ObjectNode) event.get("target")).putObject("annotations").put("a", "b");
        ObjectNode body = envelope(event);
        body.put("version", 2);

        assertThat(accepted(Notifications.parse(bytes(body))).pushes()).extracting(PushEvent::tag).containsExactly("1.0.1");
    }

    @Test
    void registryHostFallsBackToTheHostOfTargetUrl() {
        ObjectNode event = taggedPushEvent("repush-same-tag.json");
        event.remove("request");
        ((ObjectNode) event.get("target")).put("url", "https://registry.example:5000/v2/team/app/manifests/sha256:x");

        assertThat(accepted(Notifications.parse(bytes(envelope(event)))).pushes())
                .extracting(PushEvent::registryHost).containsExactly("registry.example:5000");
    }

    @Test
    void actorNameIsKeptWhenTheRegistryAuthenticatedThePusher() {
        ObjectNode event = taggedPushEvent("repush-same-tag.json");
        event.putObject("actor").put("name", "ci-bot");

        assertThat(accepted(Notifications.parse(bytes(envelope(event)))).pushes())
                .extracting(PushEvent::actor).containsExactly("ci-bot");
    }

    @Test
    void timestampWithAnOffsetIsReadAsTheSameInstant() {
        ObjectNode event = taggedPushEvent("repush-same-tag.json").put("timestamp", "2026-11-25T01:27:19.5+01:00");

        assertThat(accepted(Notifications.parse(bytes(envelope(event)))).pushes())
                .extracting(PushEvent::timestamp).containsExactly(Instant.parse("2026-11-25T00:27:19.5Z"));
    }

    @ParameterizedTest(name = "[{index}] {1}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
            ``                                   | body is empty
            not json                             | body is not JSON:
            {"events": [                         | body is not JSON:
            {"events": []} trailing              | body is not JSON:
            []                                   | body is not a JSON object
            "events"                             | body is not a JSON object
            {}                                   | missing "events" array
            {"events": {}}                       | missing "events" array
            {"events": null}                     | missing "events" array
            {"events": [1]}                      | event 1: not a JSON object
            """)
    void bodyThatIsNotAnEnvelopeIsMalformed(String body, String reason) {
        NotificationBatch batch = Notifications.parse(body.getBytes(StandardCharsets.UTF_8));

        assertThat(batch).isInstanceOfSatisfying(NotificationBatch.Malformed.class,
                m -> assertThat(m.reason()).startsWith(reason));
    }

    @ParameterizedTest(name = "{1}")
    @CsvSource(delimiter = '|', textBlock = """
            id                | event 2: missing id
            action            | event 2: missing action
            target            | event 2: missing target
            target.repository | event 2: missing target.repository
            timestamp         | event 2: timestamp null is not an RFC 3339 date-time
            request           | event 2: missing request.host and no host in target.url
            """)
    void eventMissingARequiredFieldMakesTheEnvelopeMalformedNamingIt(String field, String reason) {
        ObjectNode broken = taggedPushEvent("repush-same-tag.json");
        if (field.equals("target.repository")) {
            ((ObjectNode) broken.get("target")).remove("repository");
        } else if (field.equals("request")) {
            broken.remove("request");
            ((ObjectNode) broken.get("target")).remove("url");
        } else {
            broken.remove(field);
        }

        NotificationBatch batch = Notifications.parse(bytes(envelope(taggedPushEvent("repush-same-tag.json"), broken)));

        assertThat(batch).isEqualTo(new NotificationBatch.Malformed(reason));
    }

    private static NotificationBatch.Accepted accepted(NotificationBatch batch) {
        assertThat(batch).isInstanceOf(NotificationBatch.Accepted.class);
        return (NotificationBatch.Accepted) batch;
    }

    private static List<String> list(String commaSeparated) {
        return commaSeparated.isBlank() ? List.of() : Arrays.stream(commaSeparated.split(",")).map(String::trim).toList();
    }
}

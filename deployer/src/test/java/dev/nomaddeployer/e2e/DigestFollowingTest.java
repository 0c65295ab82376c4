package dev.nomaddeployer.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.nomaddeployer.RunningDeployer;
import dev.nomaddeployer.discovery.JobFixtures;
import dev.nomaddeployer.registry.Captures;
import dev.nomaddeployer.testbed.ToolRequirement;
import dev.nomaddeployer.testbed.nomad.NomadSim;
import dev.nomaddeployer.testbed.nomad.Registration;
import dev.nomaddeployer.testbed.nomad.TaskEnvironment;
import dev.nomaddeployer.testbed.registry.ImagePusher;
import dev.nomaddeployer.testbed.registry.ManifestFormat;
import dev.nomaddeployer.testbed.registry.RegistryHarness;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A job on {@code latest} that follows the tag's digest ({@code team/web:${NOMAD_META_TAG}@${NOMAD_META_TAG_DIGEST}}):
 * real pushes to a real registry, the registry's notifications, and the registry asked before each register.
 */
@Timeout(120)
class DigestFollowingTest {
    @TempDir
    Path dir;
    NomadSim nomad;
    RegistryHarness registry;
    RunningDeployer deployer;
    ImagePusher pusher;
    int port;

    @BeforeEach
    void start() throws Exception {
        ToolRequirement.assumeInstalled("docker-registry");
        nomad = NomadSim.builder().build().start();
        // The service's registries entry needs the registry's address and the registry needs the service's: the
        // service's port is chosen first, and the registry re-sends its first events until the service listens.
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = socket.getLocalPort();
        }
        registry = RegistryHarness.builder()
                .notifyUrl(URI.create("http://127.0.0.1:" + port + "/registry/callback"))
                .threshold(1).backoff(Duration.ofMillis(200)).start();
        pusher = new ImagePusher(registry.client());
        deployer = RunningDeployer.start(dir, nomad.baseUrl(), List.of("--server.address=127.0.0.1:" + port,
                "--registries=[{\"url\":\"" + registry.baseUri() + "\"}]"));
    }

    @AfterEach
    void stop() {
        if (registry != null) {
            registry.close();
        }
        if (deployer != null) {
            deployer.close();
        }
        if (nomad != null) {
            nomad.close();
        }
    }

    @Test
    void latestPushedTwiceWithTwoImagesRollsTwiceAndTheImageCarriesEachDigest() {
        String before = pusher.push("team/web", "latest", ManifestFormat.OCI, "before");
        nomad.registerJob(jobOnLatest(before));
        long startVersion = version();

        String first = pusher.push("team/web", "latest", ManifestFormat.OCI, "first build");
        await().atMost(Duration.ofSeconds(20)).until(() -> imageRun().equals(image(first)));
        String second = pusher.push("team/web", "latest", ManifestFormat.DOCKER_SCHEMA2, "second build");
        await().atMost(Duration.ofSeconds(20)).until(() -> imageRun().equals(image(second)));
        deployer.awaitIdle();

        assertThat(List.of(before, first, second)).doesNotHaveDuplicates();
        assertThat(version()).isEqualTo(startVersion + 2);
        assertThat(registrations()).hasSize(2);
        assertThat(deployer.history("web")).filteredOn(e -> e.path("status").asText().equals("registered"))
                .extracting(e -> e.path("meta_key").asText() + "=" + e.path("new_value").asText())
                .containsExactly("TAG_DIGEST=" + second, "TAG_DIGEST=" + first);
    }

    @Test
    void aLateEventForTheFirstDigestAfterTheSecondPushDoesNothing() {
        String before = pusher.push("team/web", "latest", ManifestFormat.OCI, "before");
        nomad.registerJob(jobOnLatest(before));
        String first = pusher.push("team/web", "latest", ManifestFormat.OCI, "first build");
        await().atMost(Duration.ofSeconds(20)).until(() -> imageRun().equals(image(first)));
        String second = pusher.push("team/web", "latest", ManifestFormat.OCI, "second build");
        await().atMost(Duration.ofSeconds(20)).until(() -> imageRun().equals(image(second)));
        deployer.awaitIdle();
        long version = version();

        // as a second registry replica, or a redelivery under a new id, would send it: dated now, so newest-wins
        // ordering alone would let it through; only the registry knows the tag moved on
        assertThat(postPush("latest", first)).isEqualTo(200);

        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(deployer.history("web"))
                .anySatisfy(e -> {
                    assertThat(e.path("status").asText()).isEqualTo("skipped");
                    assertThat(e.path("message").asText()).isEqualTo("tag latest now points at " + second
                            + ", not the pushed " + first + "; the push of that digest deploys it");
                }));
        deployer.awaitIdle();
        assertThat(version()).isEqualTo(version);
        assertThat(registrations()).hasSize(2);
        assertThat(imageRun()).isEqualTo(image(second));
    }

    @Test
    void aRePushOfTheDigestTheJobRunsDoesNothing() {
        String before = pusher.push("team/web", "latest", ManifestFormat.OCI, "before");
        nomad.registerJob(jobOnLatest(before));
        String first = pusher.push("team/web", "latest", ManifestFormat.OCI, "first build");
        await().atMost(Duration.ofSeconds(20)).until(() -> imageRun().equals(image(first)));
        deployer.awaitIdle();
        long version = version();

        assertThat(pusher.push("team/web", "latest", ManifestFormat.OCI, "first build")).isEqualTo(first);

        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(deployer.history("web"))
                .filteredOn(e -> e.path("status").asText().equals("already_current")).isNotEmpty());
        deployer.awaitIdle();
        assertThat(version()).isEqualTo(version);
        assertThat(registrations()).hasSize(1);
    }

    private ObjectNode jobOnLatest(String digest) {
        ObjectNode job = JobFixtures.web();
        JobFixtures.meta(job).remove("VERSION");
        JobFixtures.meta(job).put("TAG", "latest").put("TAG_DIGEST", digest);
        JobFixtures.setImage(JobFixtures.task(job, 0, 0),
                registry.hostPort() + "/team/web:${NOMAD_META_TAG}@${NOMAD_META_TAG_DIGEST}");
        return job;
    }

    private String image(String digest) {
        return registry.hostPort() + "/team/web:latest@" + digest;
    }

    /** The image the task would pull, as a Nomad client interpolates it from the stored job. */
    private String imageRun() {
        ObjectNode job = nomad.job("default", "web").orElseThrow();
        JsonNode task = JobFixtures.task(job, 0, 0);
        return TaskEnvironment.interpolate(task.path("Config").path("image").asText(), job,
                JobFixtures.group(job, 0).path("Name").asText(), task.path("Name").asText());
    }

    private long version() {
        return nomad.job("default", "web").orElseThrow().path("Version").asLong();
    }

    private List<Registration> registrations() {
        return nomad.registrations().stream().filter(r -> r.jobId().equals("web")).toList();
    }

    /** A notification of a push of {@code team/web:tag} at {@code digest}, shaped like the registry's, new id, dated now. */
    private int postPush(String tag, String digest) {
        ObjectNode event = Captures.taggedPushEvent("push-v2s2-new-repo.json");
        event.put("id", UUID.randomUUID().toString());
        event.put("timestamp", Instant.now().toString());
        ((ObjectNode) event.get("target")).put("repository", "team/web").put("tag", tag).put("digest", digest);
        ((ObjectNode) event.get("request")).put("host", registry.hostPort());
        try {
            return HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                            URI.create("http://127.0.0.1:" + port + "/registry/callback"))
                    .timeout(Duration.ofSeconds(10))
                    .header("Content-Type", "application/vnd.docker.distribution.events.v1+json")
                    .POST(HttpRequest.BodyPublishers.ofByteArray(Captures.bytes(Captures.envelope(event)))).build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (Exception e) {
            throw new IllegalStateException("cannot post the notification", e);
        }
    }
}

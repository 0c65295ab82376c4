package dev.nomaddeployer.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.nomaddeployer.RunningDeployer;
import dev.nomaddeployer.discovery.JobFixtures;
import dev.nomaddeployer.http.CapturedLog;
import dev.nomaddeployer.registry.Captures;
import dev.nomaddeployer.testbed.ToolRequirement;
import dev.nomaddeployer.testbed.nomad.NomadSim;
import dev.nomaddeployer.testbed.nomad.Registration;
import dev.nomaddeployer.testbed.nomad.TaskEnvironment;
import dev.nomaddeployer.testbed.registry.ImagePusher;
import dev.nomaddeployer.testbed.registry.ManifestFormat;
import dev.nomaddeployer.testbed.registry.RegistryHarness;
import dev.nomaddeployer.testbed.registry.TokenServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.bouncycastle.crypto.generators.OpenBSDBCrypt;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The reconciliation poll against a real registry whose notifications never reach the service (none are
 * configured): what was pushed is deployed within one {@code poll.interval} all the same, under the job's policy.
 */
@Timeout(120)
class ReconciliationPollTest {
    private static final String PASSWORD = "s3cr3t-registry-read-XYZ";

    @TempDir
    Path dir;
    NomadSim nomad;
    RegistryHarness registry;
    RunningDeployer deployer;
    ImagePusher pusher;

    @BeforeEach
    void start() throws Exception {
        ToolRequirement.assumeInstalled("docker-registry");
        nomad = NomadSim.builder().build().start();
    }

    private void startRegistry(boolean withPassword) throws Exception {
        RegistryHarness.Builder builder = RegistryHarness.builder();
        if (withPassword) {
            byte[] salt = new byte[16];
            new SecureRandom().nextBytes(salt);
            builder.htpasswd("ci", OpenBSDBCrypt.generate("2y", PASSWORD.toCharArray(), salt, 4));
        }
        registry = builder.start();
        pusher = new ImagePusher(withPassword ? registry.client("ci", PASSWORD) : registry.client());
    }

    private void startDeployer(String registriesEntry) throws Exception {
        deployer = RunningDeployer.start(dir, nomad.baseUrl(), List.of("--poll.interval=1s",
                "--registries=[" + registriesEntry + "]"));
    }

    @AfterEach
    void stop() {
        if (deployer != null) {
            deployer.close();
        }
        if (registry != null) {
            registry.close();
        }
        if (nomad != null) {
            nomad.close();
        }
    }

    @Test
    void aPushNoNotificationBroughtIsDeployedByTheNextPollUnderTheJobsPolicy() throws Exception {
        startRegistry(false);
        pusher.push("team/web", "1.6.0", ManifestFormat.OCI, "1.6.0");
        nomad.registerJob(job("1.6.0", "semver:^1"));
        startDeployer("{\"url\":\"" + registry.baseUri() + "\"}");

        pusher.push("team/web", "1.7.0", ManifestFormat.OCI, "1.7.0");
        pusher.push("team/web", "2.0.0", ManifestFormat.OCI, "2.0.0");

        await().atMost(Duration.ofSeconds(30)).until(() -> version().equals("1.7.0"));
        deployer.awaitIdle();
        assertThat(registrations()).hasSize(1);
        assertThat(deployer.history("web")).filteredOn(e -> e.path("status").asText().equals("registered"))
                .extracting(e -> e.path("old_value").asText() + " -> " + e.path("new_value").asText())
                .containsExactly("1.6.0 -> 1.7.0");
    }

    @Test
    void theSameTagNotifiedAfterThePollFoundItIsOnePush() throws Exception {
        startRegistry(false);
        pusher.push("team/web", "1.6.0", ManifestFormat.OCI, "1.6.0");
        nomad.registerJob(job("1.6.0", "semver:^1"));
        startDeployer("{\"url\":\"" + registry.baseUri() + "\"}");
        String digest = pusher.push("team/web", "1.7.0", ManifestFormat.OCI, "1.7.0");
        await().atMost(Duration.ofSeconds(30)).until(() -> version().equals("1.7.0"));
        deployer.awaitIdle();
        int decisions = deployer.history("web").size();

        HttpResponse<String> late = notify("1.7.0", digest);

        assertThat(late.statusCode()).isEqualTo(200);
        assertThat(late.body()).contains("\"accepted\":0").contains("\"duplicates\":1");
        deployer.awaitIdle();
        assertThat(deployer.history("web")).hasSize(decisions);
        assertThat(registrations()).hasSize(1);
    }

    @Test
    void aJobWithoutAVersionPolicyIsLeftAloneByThePoll() throws Exception {
        startRegistry(false);
        pusher.push("team/web", "1.6.0", ManifestFormat.OCI, "1.6.0");
        nomad.registerJob(job("1.6.0", null));
        startDeployer("{\"url\":\"" + registry.baseUri() + "\"}");

        pusher.push("team/web", "1.7.0", ManifestFormat.OCI, "1.7.0");

        // rounds counted by the service itself: three rounds listed the registry after the push
        double before = rounds("listed");
        await().atMost(Duration.ofSeconds(30)).until(() -> rounds("listed") >= before + 3);
        deployer.awaitIdle();
        assertThat(registrations()).isEmpty();
        assertThat(version()).isEqualTo("1.6.0");
    }

    @Test
    void aMovedDigestOfTheTagAJobFollowsIsDeployedByThePoll() throws Exception {
        startRegistry(false);
        String first = pusher.push("team/web", "latest", ManifestFormat.OCI, "first");
        ObjectNode job = JobFixtures.web();
        JobFixtures.meta(job).remove("VERSION");
        JobFixtures.meta(job).put("TAG", "latest").put("TAG_DIGEST", first);
        JobFixtures.setImage(JobFixtures.task(job, 0, 0),
                registry.hostPort() + "/team/web:${NOMAD_META_TAG}@${NOMAD_META_TAG_DIGEST}");
        nomad.registerJob(job);
        startDeployer("{\"url\":\"" + registry.baseUri() + "\"}");

        String second = pusher.push("team/web", "latest", ManifestFormat.OCI, "second");

        await().atMost(Duration.ofSeconds(30)).until(() -> imageRun().equals(registry.hostPort()
                + "/team/web:latest@" + second));
        deployer.awaitIdle();
        assertThat(registrations()).hasSize(1);
    }

    @Test
    void aRegistryBehindAPasswordIsPolledAndThePasswordNeverReachesTheLog() throws Exception {
        startRegistry(true);
        pusher.push("team/web", "1.6.0", ManifestFormat.OCI, "1.6.0");
        nomad.registerJob(job("1.6.0", "semver:^1"));
        try (CapturedLog log = new CapturedLog()) {
            startDeployer("{\"url\":\"" + registry.baseUri() + "\",\"username\":\"ci\",\"password\":\"" + PASSWORD
                    + "\"}");

            pusher.push("team/web", "1.7.0", ManifestFormat.OCI, "1.7.0");

            await().atMost(Duration.ofSeconds(30)).until(() -> version().equals("1.7.0"));
            deployer.awaitIdle();
            String basic = Base64.getEncoder().encodeToString(("ci:" + PASSWORD).getBytes(StandardCharsets.UTF_8));
            assertThat(log.lines()).isNotEmpty().noneMatch(line -> line.contains(PASSWORD) || line.contains(basic));
        }
    }

    @Test
    void aRegistryBehindATokenServiceIsPolledWithTheEntrysCredentials() throws Exception {
        try (TokenServer tokens = TokenServer.start(Map.of("ci", PASSWORD))) {
            registry = RegistryHarness.builder().tokenAuth(tokens).start();
            pusher = new ImagePusher(registry.client(tokens, "team/web"));
            pusher.push("team/web", "1.6.0", ManifestFormat.OCI, "1.6.0");
            nomad.registerJob(job("1.6.0", "semver:^1"));
            startDeployer("{\"url\":\"" + registry.baseUri() + "\",\"username\":\"ci\",\"password\":\"" + PASSWORD
                    + "\"}");

            pusher.push("team/web", "1.7.0", ManifestFormat.OCI, "1.7.0");

            await().atMost(Duration.ofSeconds(30)).until(() -> version().equals("1.7.0"));
            deployer.awaitIdle();
            assertThat(tokens.issued()).as("the service fetched its pull tokens from the token service").isPositive();
            assertThat(registrations()).hasSize(1);
        }
    }

    private ObjectNode job(String version, String policy) {
        ObjectNode job = JobFixtures.web();
        JobFixtures.meta(job).put("VERSION", version);
        if (policy != null) {
            JobFixtures.meta(job).put("nomad-deployer.policy", policy);
        }
        JobFixtures.setImage(JobFixtures.task(job, 0, 0), registry.hostPort() + "/team/web:${NOMAD_META_VERSION}");
        return job;
    }

    private String version() {
        return JobFixtures.meta(nomad.job("default", "web").orElseThrow()).path("VERSION").asText();
    }

    private String imageRun() {
        ObjectNode job = nomad.job("default", "web").orElseThrow();
        JsonNode task = JobFixtures.task(job, 0, 0);
        return TaskEnvironment.interpolate(task.path("Config").path("image").asText(), job,
                JobFixtures.group(job, 0).path("Name").asText(), task.path("Name").asText());
    }

    private List<Registration> registrations() {
        return nomad.registrations().stream().filter(r -> r.jobId().equals("web")).toList();
    }

    /** {@code nomad_deployer_poll_rounds_total} of this registry with {@code result}, as the service reports it. */
    private double rounds(String result) {
        String metrics = deployer.get("/metrics").body();
        Matcher m = Pattern.compile("^nomad_deployer_poll_rounds_total\\{[^}]*registry=\"" + Pattern.quote(
                registry.hostPort()) + "\"[^}]*result=\"" + result + "\"[^}]*} ([0-9.E+]+)$", Pattern.MULTILINE)
                .matcher(metrics);
        return m.find() ? Double.parseDouble(m.group(1)) : 0;
    }

    /** The registry's notification of {@code team/web:tag} at {@code digest}, as it would have sent it. */
    private HttpResponse<String> notify(String tag, String digest) throws Exception {
        ObjectNode event = Captures.taggedPushEvent("push-v2s2-new-repo.json");
        event.put("id", UUID.randomUUID().toString());
        event.put("timestamp", Instant.now().toString());
        ((ObjectNode) event.get("target")).put("repository", "team/web").put("tag", tag).put("digest", digest);
        ((ObjectNode) event.get("request")).put("host", registry.hostPort());
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://"
                        + deployer.app().address().getHostString() + ":" + deployer.app().address().getPort()
                        + "/registry/callback"))
                .timeout(Duration.ofSeconds(10))
                .header("Content-Type", "application/vnd.docker.distribution.events.v1+json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(Captures.bytes(Captures.envelope(event)))).build(),
                HttpResponse.BodyHandlers.ofString());
    }
}

package dev.nomaddeployer.nomad;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.nomaddeployer.discovery.JobFixtures;
import dev.nomaddeployer.testbed.nomad.DeploymentRule;
import dev.nomaddeployer.testbed.nomad.NomadSim;
import dev.nomaddeployer.testbed.nomad.NomadVersion;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The calls that follow a rollout: deployments, their allocations, evaluations, revert, version tags, events. */
@Timeout(60)
class RolloutCallsTest {
    private static final Duration IDLE = Duration.ofSeconds(10);
    private final List<NomadSim> sims = new ArrayList<>();

    @AfterEach
    void stop() {
        sims.forEach(NomadSim::stop);
    }

    private NomadSim sim(NomadSim.Builder builder) {
        NomadSim sim = builder.build().start();
        sims.add(sim);
        return sim;
    }

    private static NomadClient client(NomadSim sim, Optional<String> token) {
        return new NomadClient(new NomadConnection(sim.baseUrl(), token, Optional.empty(), Duration.ofSeconds(5),
                Optional.empty()));
    }

    /** Registers job web at VERSION {@code version} through the client, as the deployer does. */
    private static RegisterResult registerVersion(NomadClient client, String version) throws NomadException {
        JobRead current = client.readJob("default", "web");
        ObjectNode job = current.job().deepCopy();
        ((ObjectNode) job.get("Meta")).put("VERSION", version);
        return client.register("default", job, current.jobModifyIndex());
    }

    @Test
    void followsTheDeploymentARegisterCausedToItsEnd() throws Exception {
        NomadSim nomad = sim(NomadSim.builder());
        nomad.registerJob(JobFixtures.web());
        nomad.awaitIdle(IDLE);
        NomadClient client = client(nomad, Optional.empty());
        RegisterResult registered = registerVersion(client, "1.6.0");
        nomad.awaitIdle(IDLE);

        ObjectNode eval = client.readEvaluation("default", registered.evalId());
        assertThat(eval.get("Status").asText()).isEqualTo("complete");
        String deploymentId = eval.get("DeploymentID").asText();
        ObjectNode latest = client.latestDeployment("default", "web").orElseThrow();
        assertThat(latest.get("ID").asText()).isEqualTo(deploymentId);

        DeploymentRead read = client.readDeployment("default", deploymentId, 0, Duration.ZERO);
        assertThat(read.deployment().get("Status").asText()).isEqualTo("successful");
        assertThat(read.deployment().get("JobVersion").asLong()).isEqualTo(1);
        assertThat(read.index()).isEqualTo(read.deployment().get("ModifyIndex").asLong());
        assertThat(client.deploymentAllocations("default", deploymentId)).hasSize(2)
                .allSatisfy(a -> assertThat(a.get("ClientStatus").asText()).isEqualTo("running"));
    }

    @Test
    void blockingDeploymentReadReturnsWhenTheDeploymentChanges() throws Exception {
        NomadSim nomad = sim(NomadSim.builder().schedulerStepDelay(Duration.ofMillis(300)));
        nomad.deploymentRule(DeploymentRule.stayRunning());
        nomad.registerJob(JobFixtures.web());
        nomad.awaitIdle(IDLE);
        NomadClient client = client(nomad, Optional.empty());
        String id = client.latestDeployment("default", "web").orElseThrow().get("ID").asText();
        DeploymentRead running = client.readDeployment("default", id, 0, Duration.ZERO);
        CompletableFuture<DeploymentRead> next = CompletableFuture.supplyAsync(() -> {
            try {
                return client.readDeployment("default", id, running.index(), Duration.ofSeconds(20));
            } catch (NomadException e) {
                throw new IllegalStateException(e);
            }
        });
        ObjectNode failed = client.readEvaluation("default", failDeployment(nomad, id));
        assertThat(failed.get("TriggeredBy").asText()).isEqualTo("deployment-watcher");
        DeploymentRead changed = next.get(20, TimeUnit.SECONDS);
        assertThat(changed.index()).isGreaterThan(running.index());
        assertThat(changed.deployment().get("StatusDescription").asText())
                .isEqualTo("Deployment marked as failed - no stable job version to auto revert to");
    }

    /** An operator fails the deployment with the CLI's endpoint; returns the eval it created. */
    private static String failDeployment(NomadSim nomad, String id) throws Exception {
        java.net.http.HttpResponse<String> answer = java.net.http.HttpClient.newHttpClient().send(
                java.net.http.HttpRequest.newBuilder(nomad.baseUrl().resolve("/v1/deployment/fail/" + id))
                        .POST(java.net.http.HttpRequest.BodyPublishers.noBody()).build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());
        return new com.fasterxml.jackson.databind.ObjectMapper().readTree(answer.body()).get("EvalID").asText();
    }

    @Test
    void failingRolloutShowsTheFailingTaskEvent() throws Exception {
        NomadSim nomad = sim(NomadSim.builder());
        nomad.registerJob(JobFixtures.web());
        nomad.awaitIdle(IDLE);
        nomad.deploymentRule(DeploymentRule.failPullWhenMeta("VERSION", "1.6.0", "registry.example:5000/team/web:1.6.0"));
        NomadClient client = client(nomad, Optional.empty());
        registerVersion(client, "1.6.0");
        nomad.awaitIdle(IDLE);
        ObjectNode deployment = nomad.deployments("default", "web").get(1);
        List<ObjectNode> allocs = client.deploymentAllocations("default", deployment.get("ID").asText());
        assertThat(allocs).isNotEmpty().allSatisfy(a -> assertThat(a.get("ClientStatus").asText()).isEqualTo("failed"));
        List<String> messages = new ArrayList<>();
        allocs.get(0).at("/TaskStates/web/Events").forEach(e -> messages.add(e.get("DisplayMessage").asText()));
        assertThat(messages).anySatisfy(m -> assertThat(m).startsWith("Failed to pull `registry.example:5000/team/web:1.6.0`"));
    }

    @Test
    void unknownDeploymentIsNotFoundButHasNoAllocations() throws Exception {
        NomadSim nomad = sim(NomadSim.builder());
        nomad.registerJob(JobFixtures.web());
        nomad.awaitIdle(IDLE);
        NomadClient client = client(nomad, Optional.empty());
        String unknown = "00000000-0000-0000-0000-000000000000";
        NomadException missing = catchThrowableOfType(NomadException.class,
                () -> client.readDeployment("default", unknown, 0, Duration.ZERO));
        assertThat(missing.error()).isInstanceOf(NomadError.NotFound.class);
        assertThat(missing.call().kind()).isEqualTo(NomadCall.Kind.READ_DEPLOYMENT);
        assertThat(client.deploymentAllocations("default", unknown)).isEmpty();
        assertThat(client.latestDeployment("default", "nope")).isEmpty();
        assertThat(catchThrowableOfType(NomadException.class, () -> client.readEvaluation("default", unknown)).error())
                .isInstanceOf(NomadError.NotFound.class);
    }

    @Test
    void revertRegistersTheOldVersionOnlyWhileTheJobIsWhereTheCallerSawIt() throws Exception {
        NomadSim nomad = sim(NomadSim.builder());
        nomad.registerJob(JobFixtures.web());
        nomad.awaitIdle(IDLE);
        NomadClient client = client(nomad, Optional.empty());
        registerVersion(client, "1.6.0");
        nomad.awaitIdle(IDLE);

        NomadException moved = catchThrowableOfType(NomadException.class, () -> client.revertJob("default", "web", 0, 0));
        assertThat(moved.error()).isInstanceOf(NomadError.Conflict.class);
        assertThat(moved.error().message()).isEqualTo("HTTP 500: Current job has version 1; enforcing version 0");

        RegisterResult reverted = client.revertJob("default", "web", 0, 1);
        assertThat(reverted.evalId()).isNotEmpty();
        JsonNode job = client.readJob("default", "web").job();
        assertThat(job.get("Version").asLong()).isEqualTo(2);
        assertThat(job.at("/Meta/VERSION").asText()).isEqualTo("1.5.0");
        assertThat(reverted.jobModifyIndex()).isEqualTo(job.get("JobModifyIndex").asLong());

        assertThat(catchThrowableOfType(NomadException.class, () -> client.revertJob("default", "web", 9, 2)).error())
                .isInstanceOf(NomadError.NotFound.class);
    }

    @Test
    void tagsTheVersionItCreated() throws Exception {
        NomadSim nomad = sim(NomadSim.builder());
        nomad.registerJob(JobFixtures.web());
        nomad.awaitIdle(IDLE);
        NomadClient client = client(nomad, Optional.empty());
        registerVersion(client, "1.6.0");
        client.tagVersion("default", "web", 1, "web-1.6.0", "registry push of team/web:1.6.0");
        ObjectNode newest = client.jobVersions("default", "web").get(0);
        assertThat(newest.at("/VersionTag/Name").asText()).isEqualTo("web-1.6.0");
        assertThat(newest.at("/VersionTag/Description").asText()).isEqualTo("registry push of team/web:1.6.0");

        NomadException taken = catchThrowableOfType(NomadException.class,
                () -> client.tagVersion("default", "web", 0, "web-1.6.0", ""));
        assertThat(taken.error()).isInstanceOf(NomadError.Rejected.class);
        assertThat(catchThrowableOfType(NomadException.class,
                () -> client.tagVersion("default", "web", 7, "other", "")).error()).isInstanceOf(NomadError.NotFound.class);
    }

    @Test
    void nomadBeforeVersionTagsIsToldApartByType() throws Exception {
        NomadSim nomad = sim(NomadSim.builder().nomadVersion(NomadVersion.V1_8));
        nomad.registerJob(JobFixtures.web());
        NomadClient client = client(nomad, Optional.empty());
        NomadException old = catchThrowableOfType(NomadException.class,
                () -> client.tagVersion("default", "web", 0, "web-1.5.0", ""));
        assertThat(old.error()).isInstanceOf(NomadError.Unsupported.class);
        assertThat(old.call().kind()).isEqualTo(NomadCall.Kind.TAG_JOB_VERSION);
    }

    @Test
    void tagNeedsSubmitJob() throws Exception {
        NomadSim nomad = sim(NomadSim.builder().managementToken("root"));
        nomad.acl().addToken("deployer", "acc-deployer", Map.of("default", Set.of("list-jobs", "read-job")));
        nomad.registerJob(JobFixtures.web());
        NomadClient client = client(nomad, Optional.of("deployer"));
        NomadException denied = catchThrowableOfType(NomadException.class,
                () -> client.tagVersion("default", "web", 0, "web-1.5.0", ""));
        assertThat(denied.error()).isInstanceOf(NomadError.PermissionDenied.class);
        assertThat(denied.explained()).endsWith("(the token needs the submit-job capability in this namespace)");
    }

    @Test
    void eventStreamCarriesDeploymentEvents() throws Exception {
        NomadSim nomad = sim(NomadSim.builder());
        NomadClient client = client(nomad, Optional.empty());
        try (JobEventStream stream = client.jobEvents("default", 0)) {
            assertThat(stream.next()).isInstanceOf(JobEventStream.Heartbeat.class);
            nomad.registerJob(JobFixtures.web());
            List<String> statuses = new ArrayList<>();
            boolean jobSeen = false;
            while (!statuses.contains("successful")) {
                if (stream.next() instanceof JobEventStream.Frame frame) {
                    jobSeen |= !frame.events().isEmpty();
                    frame.deployments().forEach(d -> statuses.add(d.deployment().get("Status").asText()));
                }
            }
            assertThat(jobSeen).isTrue();
            assertThat(statuses).startsWith("running").endsWith("successful");
        }
    }
}

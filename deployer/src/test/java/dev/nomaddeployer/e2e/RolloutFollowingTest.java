package dev.nomaddeployer.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.nomaddeployer.deploy.JobOptOut;
import dev.nomaddeployer.discovery.JobFixtures;
import dev.nomaddeployer.discovery.JobIndex;
import dev.nomaddeployer.notify.Receiver;
import dev.nomaddeployer.testbed.nomad.Acl;
import dev.nomaddeployer.testbed.nomad.DeploymentRule;
import dev.nomaddeployer.testbed.nomad.NomadSim;
import dev.nomaddeployer.testbed.nomad.NomadVersion;
import dev.nomaddeployer.testbed.nomad.Registration;
import dev.nomaddeployer.testbed.registry.ManifestFormat;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The loop after a register, with a real registry and the simulator's deployments: each rollout followed to its end,
 * a tag whose rollout failed never applied again, and a person's revert respected.
 */
@Timeout(180)
class RolloutFollowingTest {
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final String SECRET = "webhook-secret-for-the-test";
    private static final com.fasterxml.jackson.databind.ObjectMapper JSON = new com.fasterxml.jackson.databind.ObjectMapper();

    @TempDir
    Path dir;
    NomadSim nomad;
    DeployerFixture fixture;
    HistoryApi api;

    void start(List<String> flags) throws Exception {
        start(flags, NomadVersion.V1_10);
    }

    void start(List<String> flags, NomadVersion version) throws Exception {
        nomad = NomadSim.builder().nomadVersion(version).build().start();
        nomad.createNamespace("batch");
        fixture = DeployerFixture.start(dir, nomad, flags);
        api = new HistoryApi(fixture.app.address().getPort());
    }

    @AfterEach
    void stop() throws Exception {
        if (fixture != null) {
            fixture.close();
        }
        if (nomad != null) {
            nomad.close();
        }
    }

    /** The web fixture (auto_revert on) running team/app, its first version rolled out and stable. */
    private void webRunning(boolean autoRevert) {
        ObjectNode job = fixture.jobRunning(JobFixtures.web(), "web", "team/app", "VERSION");
        ((ObjectNode) JobFixtures.group(job, 0).path("Update")).put("AutoRevert", autoRevert);
        nomad.registerJob(job);
        nomad.awaitIdle(WAIT);
        nomad.resetRecords();
    }

    /** web at 1.6.0 by the service's register, rolled out, and Nomad settled: where a person's change starts. */
    private void webRolledOutAt160(List<String> flags) throws Exception {
        start(flags);
        webRunning(true);
        fixture.pusher.push("team/app", "1.6.0", ManifestFormat.OCI, "good");
        rolloutOnceEnded("web", "1.6.0", "rolled_out");
        nomad.awaitIdle(WAIT);
    }

    /** The paused jobs, once there is one. */
    private JsonNode pausedJobs() {
        return await().atMost(WAIT).until(() -> api.get("/api/v1/jobs/paused").path("paused"), list -> list.size() == 1);
    }

    private Optional<JsonNode> decision(String job, String tag, String status) {
        return api.forJob(job).stream().filter(d -> d.path("tag").asText().equals(tag)
                && d.path("status").asText().equals(status)).findFirst();
    }

    private JsonNode rolloutOnceEnded(String job, String tag, String expected) {
        return await().atMost(WAIT).pollInterval(Duration.ofMillis(100)).until(
                () -> decision(job, tag, "registered").map(d -> d.path("rollout")).orElse(null),
                rollout -> rollout != null && rollout.path("status").asText().equals(expected));
    }

    private String meta(String job, String key) {
        return nomad.job("default", job).orElseThrow().path("Meta").path(key).asText(null);
    }

    private long registrationsOf(String job) {
        return nomad.registrations().stream().map(Registration::jobId).filter(job::equals).count();
    }

    @Test
    void aPushWhoseRolloutSucceedsIsRecordedRolledOutWithNomadsWordsAndCounts() throws Exception {
        start(List.of());
        webRunning(true);

        fixture.pusher.push("team/app", "1.6.0", ManifestFormat.OCI, "good");

        JsonNode rollout = rolloutOnceEnded("web", "1.6.0", "rolled_out");
        String deploymentId = nomad.deployments("default", "web").stream()
                .filter(d -> d.path("JobVersion").asLong() == 1).findFirst().orElseThrow().path("ID").asText();
        assertThat(rollout.path("deployment_id").asText()).isEqualTo(deploymentId);
        assertThat(rollout.path("description").asText()).isEqualTo("Deployment completed successfully");
        assertThat(rollout.path("groups").path("web").path("healthy").asLong()).isEqualTo(2);
        assertThat(rollout.path("job_version").asLong()).isEqualTo(1);
        assertThat(rollout.path("finished_at").isTextual()).isTrue();
        assertThat(StreamSupport.stream(rollout.path("changes").spliterator(), false)
                .map(c -> c.path("status").asText()).toList()).startsWith("rolling_out").endsWith("rolled_out");
        HttpResponse<String> metrics = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
                + fixture.app.address().getPort() + "/metrics")).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(metrics.body()).contains("nomad_deployer_rollouts_ended_total{status=\"rolled_out\"} 1.0")
                .contains("nomad_deployer_rollouts_following 0.0").contains("nomad_deployer_jobs_paused 0.0");
        JsonNode byStatus = api.get("/api/v1/deployments?rollout=rolled_out");
        assertThat(byStatus.path("deployments")).hasSize(1);
        JsonNode tag = await().atMost(WAIT).until(() -> versionTagOf("web", 1), t -> t.isObject());
        assertThat(tag.path("Name").asText()).isEqualTo("1.6.0");
        assertThat(tag.path("Description").asText()).isEqualTo("nomad-deployer: VERSION 1.5.0 -> 1.6.0");
    }

    @Test
    void theRegisterAndTheRolloutsEndAreEachNotifiedOnceSigned() throws Exception {
        try (Receiver receiver = Receiver.started()) {
            start(List.of("--notify.webhook.url=" + receiver.url("/hook"), "--notify.webhook.secret=" + SECRET));
            webRunning(true);

            fixture.pusher.push("team/app", "1.6.0", ManifestFormat.OCI, "good");

            rolloutOnceEnded("web", "1.6.0", "rolled_out");
            List<Receiver.Request> received = await().atMost(WAIT).until(receiver::received, r -> r.size() >= 2);
            fixture.awaitIdle();
            assertThat(receiver.received()).hasSize(2);
            List<JsonNode> bodies = new java.util.ArrayList<>();
            for (Receiver.Request request : received) {
                assertThat(request.header("X-Nomad-Deployer-Signature")).isEqualTo("sha256=" + hmac(request.body()));
                bodies.add(JSON.readTree(request.body()));
            }
            assertThat(bodies).extracting(b -> b.path("event").asText()).containsExactly("registered", "rolled_out");
            assertThat(bodies.get(1).path("job").asText()).isEqualTo("web");
            assertThat(bodies.get(1).path("new_value").asText()).isEqualTo("1.6.0");
            assertThat(bodies.get(1).path("old_value").asText()).isEqualTo("1.5.0");
            assertThat(bodies.get(1).path("description").asText()).isEqualTo("Deployment completed successfully");
        }
    }

    private static String hmac(byte[] body) throws Exception {
        javax.crypto.Mac mac = javax.crypto.Mac.getInstance("HmacSHA256");
        mac.init(new javax.crypto.spec.SecretKeySpec(SECRET.getBytes(java.nio.charset.StandardCharsets.UTF_8),
                "HmacSHA256"));
        return java.util.HexFormat.of().formatHex(mac.doFinal(body));
    }

    @Test
    void withoutTheEventStreamARolloutIsFollowedWithBlockingQueriesOnItsDeployment() throws Exception {
        // Slow steps keep the deployment running past the first read; read-job in default only refuses the stream.
        nomad = NomadSim.builder().managementToken("management").schedulerStepDelay(Duration.ofMillis(2500)).build()
                .start();
        nomad.createNamespace("batch");
        nomad.acl().addToken("deployer-secret", "deployer", Map.of("default",
                Set.of(Acl.LIST_JOBS, Acl.READ_JOB, Acl.SUBMIT_JOB), "batch", Set.of(Acl.LIST_JOBS)));
        fixture = DeployerFixture.start(dir, nomad, List.of("--nomad.token=deployer-secret", "--discovery.refresh=2s"));
        api = new HistoryApi(fixture.app.address().getPort());
        webRunning(true);

        fixture.pusher.push("team/app", "1.6.0", ManifestFormat.OCI, "good");

        JsonNode rollout = await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200)).until(
                () -> decision("web", "1.6.0", "registered").map(d -> d.path("rollout")).orElse(null),
                r -> r != null && r.path("status").asText().equals("rolled_out"));
        assertThat(fixture.app.index().source()).isEqualTo(JobIndex.Source.POLLING);
        String id = rollout.path("deployment_id").asText();
        assertThat(nomad.requests()).as("blocking reads of the deployment, from the ModifyIndex last seen")
                .anySatisfy(r -> {
                    assertThat(r.path()).isEqualTo("/v1/deployment/" + id);
                    assertThat(r.query()).contains("index=").contains("wait=");
                });
    }

    @Test
    void aRolloutReportedByTheStreamNeedsNoReadOfItsDeployment() throws Exception {
        start(List.of());
        webRunning(true);

        fixture.pusher.push("team/app", "1.6.0", ManifestFormat.OCI, "good");

        rolloutOnceEnded("web", "1.6.0", "rolled_out");
        assertThat(nomad.requests()).noneSatisfy(r -> assertThat(r.path()).startsWith("/v1/deployment"));
        assertThat(nomad.requests()).noneSatisfy(r -> assertThat(r.path()).startsWith("/v1/evaluation"));
    }

    @Test
    void canariesWaitingForPromotionAreRecordedAsSuchUntilSomeonePromotesThem() throws Exception {
        start(List.of());
        ObjectNode job = fixture.jobRunning(JobFixtures.web(), "web", "team/app", "VERSION");
        ((ObjectNode) JobFixtures.group(job, 0).path("Update")).put("Canary", 1).put("AutoPromote", false);
        nomad.registerJob(job);
        nomad.awaitIdle(WAIT);

        fixture.pusher.push("team/app", "1.6.0", ManifestFormat.OCI, "canary");

        JsonNode waiting = rolloutOnceEnded("web", "1.6.0", "awaiting_promotion");
        assertThat(waiting.path("description").asText()).isEqualTo("Deployment is running but requires manual promotion");
        assertThat(waiting.path("groups").path("web").path("desired_canaries").asLong()).isEqualTo(1);
        nomad.awaitIdle(WAIT);
        String id = waiting.path("deployment_id").asText();
        toNomad("POST", "/v1/deployment/promote/" + id, "{\"DeploymentID\":\"" + id + "\",\"All\":true}");

        JsonNode done = rolloutOnceEnded("web", "1.6.0", "rolled_out");
        assertThat(done.path("groups").path("web").path("promoted").asBoolean()).isTrue();
    }

    @Test
    void aNomadWithoutVersionTagsStillFollowsTheRolloutAndTagsNothing() throws Exception {
        start(List.of(), NomadVersion.V1_8);
        webRunning(true);

        fixture.pusher.push("team/app", "1.6.0", ManifestFormat.OCI, "good");

        rolloutOnceEnded("web", "1.6.0", "rolled_out");
        fixture.pusher.push("team/app", "1.6.1", ManifestFormat.OCI, "next");
        rolloutOnceEnded("web", "1.6.1", "rolled_out");
        assertThat(versionTagOf("web", 1).isNull()).isTrue();
        assertThat(nomad.requests().stream().filter(r -> r.path().endsWith("/tag")).count())
                .as("one answer saying there are no tags is enough").isEqualTo(1);
    }

    private JsonNode versionTagOf(String job, long version) {
        return nomad.versions("default", job).stream().filter(v -> v.path("Version").asLong() == version)
                .findFirst().orElseThrow().path("VersionTag");
    }

    @Test
    void aRolloutNomadRollsBackKeepsItsTagFromTheJobUntilANewerTagComes() throws Exception {
        start(List.of());
        webRunning(true);
        nomad.deploymentRule(DeploymentRule.failWhenMeta("VERSION", "1.6.0"));

        fixture.pusher.push("team/app", "1.6.0", ManifestFormat.OCI, "broken");

        JsonNode rollout = rolloutOnceEnded("web", "1.6.0", "rolled_back");
        assertThat(rollout.path("description").asText()).startsWith("Failed due to ")
                .endsWith(" - rolling back to job version 0");
        assertThat(rollout.path("rolled_back_to").asLong()).isZero();
        await().atMost(WAIT).until(() -> "1.5.0".equals(meta("web", "VERSION")));
        assertThat(registrationsOf("web")).isEqualTo(1);

        // The same image pushed again: its notification is a new event, and still nothing is registered.
        fixture.pusher.push("team/app", "1.6.0", ManifestFormat.OCI, "broken");
        await().atMost(WAIT).until(() -> decision("web", "1.6.0", "skipped").isPresent());
        assertThat(decision("web", "1.6.0", "skipped").orElseThrow().path("message").asText())
                .contains("is not applied to this job again automatically")
                .contains("rolled back");
        fixture.awaitIdle();
        assertThat(registrationsOf("web")).isEqualTo(1);
        assertThat(api.get("/api/v1/jobs/paused").path("paused")).as("Nomad's own revert pauses nothing").isEmpty();

        fixture.pusher.push("team/app", "1.6.1", ManifestFormat.OCI, "fixed");
        rolloutOnceEnded("web", "1.6.1", "rolled_out");
        assertThat(meta("web", "VERSION")).isEqualTo("1.6.1");
    }

    @Test
    void anOperatorsRevertPausesTheJobAndProtectsTheTagUntilResumed() throws Exception {
        webRolledOutAt160(List.of());

        operatorReverts("web", 0);

        JsonNode paused = pausedJobs();
        assertThat(paused.get(0).path("job").asText()).isEqualTo("web");
        assertThat(paused.get(0).path("reason").asText()).startsWith("VERSION changed from 1.6.0 to 1.5.0 in job version 2");
        rolloutOnceEnded("web", "1.6.0", "rolled_back");

        fixture.pusher.push("team/app", "1.7.0", ManifestFormat.OCI, "next");
        await().atMost(WAIT).until(() -> decision("web", "1.7.0", "skipped").isPresent());
        assertThat(decision("web", "1.7.0", "skipped").orElseThrow().path("message").asText())
                .startsWith("automation is paused for this job");
        assertThat(meta("web", "VERSION")).isEqualTo("1.5.0");

        assertThat(api.post("/api/v1/jobs/default/web/resume").path("changed").asBoolean()).isTrue();
        fixture.pusher.push("team/app", "1.7.1", ManifestFormat.OCI, "after");
        rolloutOnceEnded("web", "1.7.1", "rolled_out");
        assertThat(meta("web", "VERSION")).isEqualTo("1.7.1");
    }

    @Test
    void withPauseOnManualChangeOffARevertPausesNothingButStillProtectsTheTag() throws Exception {
        webRolledOutAt160(List.of("--deploy.pause_on_manual_change=false"));

        operatorReverts("web", 0);
        rolloutOnceEnded("web", "1.6.0", "rolled_back");
        fixture.pusher.push("team/app", "1.6.0", ManifestFormat.OCI, "good");
        await().atMost(WAIT).until(() -> decision("web", "1.6.0", "skipped").isPresent());
        fixture.pusher.push("team/app", "1.7.0", ManifestFormat.OCI, "next");

        rolloutOnceEnded("web", "1.7.0", "rolled_out");
        assertThat(api.get("/api/v1/jobs/paused").path("paused")).isEmpty();
        assertThat(meta("web", "VERSION")).isEqualTo("1.7.0");
    }

    @Test
    void aJobspecRunWithAnotherValuePausesTheJobWithoutProtectingTheTag() throws Exception {
        webRolledOutAt160(List.of());

        // `nomad job run` of a jobspec pinned to a hotfix: a register the service did not make
        nomad.editJob("default", "web", job -> JobFixtures.meta(job).put("VERSION", "1.6.0-hotfix"));

        JsonNode paused = pausedJobs();
        assertThat(paused.get(0).path("reason").asText())
                .startsWith("VERSION changed from 1.6.0 to 1.6.0-hotfix in job version 2")
                .doesNotContain("nomad job revert");
        assertThat(decision("web", "1.6.0", "registered").orElseThrow().path("rollout").path("status").asText())
                .isEqualTo("rolled_out");
    }

    @Test
    void aJobStoppedAndRunAgainStartsAfreshAndIsNotPaused() throws Exception {
        webRolledOutAt160(List.of());

        nomad.editJob("default", "web", job -> job.put("Stop", true));
        nomad.awaitIdle(WAIT);
        nomad.editJob("default", "web", job -> JobFixtures.meta(job.put("Stop", false)).put("VERSION", "1.5.0"));
        nomad.awaitIdle(WAIT);
        fixture.pusher.push("team/app", "1.7.0", ManifestFormat.OCI, "next");

        rolloutOnceEnded("web", "1.7.0", "rolled_out");
        assertThat(api.get("/api/v1/jobs/paused").path("paused")).isEmpty();
    }

    @Test
    void withOnFailureRevertTheServiceRevertsAJobNomadWouldLeaveBroken() throws Exception {
        start(List.of("--deploy.on_failure=revert"));
        webRunning(false);
        nomad.deploymentRule(DeploymentRule.failWhenMeta("VERSION", "1.6.0"));

        fixture.pusher.push("team/app", "1.6.0", ManifestFormat.OCI, "broken");

        JsonNode rollout = rolloutOnceEnded("web", "1.6.0", "rolled_back");
        assertThat(rollout.path("description").asText()).startsWith("Failed due to ")
                .endsWith(" - nomad-deployer reverted the job to version 0 (deploy.on_failure = revert)");
        await().atMost(WAIT).until(() -> "1.5.0".equals(meta("web", "VERSION")));
        nomad.awaitIdle(WAIT);
        fixture.awaitIdle();
        assertThat(api.get("/api/v1/jobs/paused").path("paused")).as("the service's own revert is no person's").isEmpty();
    }

    @Test
    void aJobWhoseMetaOptsOutIsLeftAloneAndAPausedJobByApiToo() throws Exception {
        start(List.of());
        ObjectNode job = fixture.jobRunning(JobFixtures.web(), "web", "team/app", "VERSION");
        JobFixtures.meta(job).put(JobOptOut.META_KEY, "true");
        nomad.registerJob(job);
        nomad.registerJob(fixture.jobRunning(JobFixtures.web(), "api", "team/app", "VERSION"));
        nomad.awaitIdle(WAIT);
        api.post("/api/v1/jobs/default/api/pause?reason=release%20freeze");

        fixture.pusher.push("team/app", "1.6.0", ManifestFormat.OCI, "good");

        await().atMost(WAIT).until(() -> decision("web", "1.6.0", "skipped").isPresent()
                && decision("api", "1.6.0", "skipped").isPresent());
        assertThat(decision("web", "1.6.0", "skipped").orElseThrow().path("message").asText())
                .contains(JobOptOut.META_KEY);
        assertThat(decision("api", "1.6.0", "skipped").orElseThrow().path("message").asText())
                .contains("release freeze");
        assertThat(meta("web", "VERSION")).isEqualTo("1.5.0");
        assertThat(meta("api", "VERSION")).isEqualTo("1.5.0");
    }

    @Test
    void aBatchJobIsRecordedAsRolledOutWithoutADeployment() throws Exception {
        start(List.of());
        nomad.registerJob(fixture.jobRunning(JobFixtures.worker(), "worker", "team/app", "WORKER_VERSION"));
        nomad.awaitIdle(WAIT);

        fixture.pusher.push("team/app", "2.4.0", ManifestFormat.OCI, "worker");

        JsonNode rollout = await().atMost(WAIT).until(() -> decision("worker", "2.4.0", "registered")
                .map(d -> d.path("rollout")).orElse(null), r -> r != null && r.path("status").asText().equals("no_deployment"));
        assertThat(rollout.path("description").asText()).contains("without a deployment");
    }

    /** {@code nomad job revert web 0}: the CLI's request, against the simulator. */
    private void operatorReverts(String job, long version) throws Exception {
        toNomad("PUT", "/v1/job/" + job + "/revert", "{\"JobID\":\"" + job + "\",\"JobVersion\":" + version + "}");
    }

    /** A request an operator's CLI would send to Nomad (the simulator); it must succeed. */
    private void toNomad(String method, String path, String body) throws Exception {
        HttpResponse<String> answer = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create(nomad.baseUrl() + path)).timeout(Duration.ofSeconds(10))
                .method(method, HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
    }
}

package dev.nomaddeployer.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.nomaddeployer.RunningDeployer;
import dev.nomaddeployer.discovery.JobFixtures;
import dev.nomaddeployer.testbed.nomad.Acl;
import dev.nomaddeployer.testbed.nomad.NomadSim;
import dev.nomaddeployer.testbed.nomad.RecordedRequest;
import dev.nomaddeployer.testbed.nomad.Registration;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The service against a Nomad with ACLs on. A push of team/web matches {@code web} in namespace default and
 * {@code worker} in namespace batch; tokens differ in what they grant where.
 */
@Timeout(60)
class NomadAclTest {
    private static final String TOKEN = "6f0a7c3e-deployer-token";
    private static final Set<String> DEPLOYER = Set.of(Acl.LIST_JOBS, Acl.READ_JOB, Acl.SUBMIT_JOB);
    private static final Set<String> READ_ONLY = Set.of(Acl.LIST_JOBS, Acl.READ_JOB);

    @TempDir
    Path dir;
    NomadSim nomad;
    RunningDeployer service;
    LogCapture log;

    @BeforeEach
    void startNomad() {
        nomad = NomadSim.builder().managementToken("management-secret").build().start();
        nomad.createNamespace("batch");
        nomad.registerJob(JobFixtures.web());
        ObjectNode worker = JobFixtures.worker();
        JobFixtures.setImage(JobFixtures.task(worker, 0, 0),
                RunningDeployer.REGISTRY + "/team/web:${NOMAD_META_WORKER_VERSION}");
        nomad.registerJob(worker);
        nomad.resetRecords();
    }

    @AfterEach
    void stop() {
        if (service != null) {
            service.close();
        }
        if (log != null) {
            log.close();
        }
        nomad.close();
    }

    private void startService(String... flags) throws Exception {
        service = RunningDeployer.start(dir, nomad.baseUrl(), List.of(flags));
    }

    private String meta(String namespace, String job, String key) {
        ObjectNode stored = nomad.job(namespace, job).orElseThrow();
        JsonNode holder = job.equals("worker") ? JobFixtures.task(stored, 0, 0) : stored;
        return holder.path("Meta").path(key).asText();
    }

    private List<RecordedRequest> requestsFor(String jobId) {
        return nomad.requests().stream().filter(r -> r.path().equals("/v1/job/" + jobId)).toList();
    }

    @Test
    void tokenScopedToDefaultRedeploysJobsThereAndNeverTouchesOtherNamespaces() throws Exception {
        nomad.acl().addToken(TOKEN, "deployer", Map.of("default", DEPLOYER));
        startService("--nomad.token=" + TOKEN);

        assertThat(service.push("team/web", "3.1.0")).isEqualTo(200);

        await().atMost(Duration.ofSeconds(15))
                .untilAsserted(() -> assertThat(meta("default", "web", "VERSION")).isEqualTo("3.1.0"));
        service.awaitIdle();
        assertThat(meta("batch", "worker", "WORKER_VERSION")).isEqualTo("2.3.0");
        assertThat(requestsFor("worker")).isEmpty();
        assertThat(service.history("worker")).isEmpty();
        // The one refusal is the event stream over every namespace (read-job in each, docs/job-index.md): the
        // index then follows by job lists, which leave out what the token may not see.
        assertThat(nomad.requests()).filteredOn(r -> !r.path().equals("/v1/event/stream"))
                .allSatisfy(r -> assertThat(r.status()).isNotEqualTo(403));
    }

    @Test
    void tokenLackingSubmitJobInANamespaceFailsThatJobForGoodWhileTheOtherJobRedeploys() throws Exception {
        nomad.acl().addToken(TOKEN, "deployer", Map.of("default", DEPLOYER, "batch", READ_ONLY));
        startService("--nomad.token=" + TOKEN);

        assertThat(service.push("team/web", "3.1.0")).isEqualTo(200);

        await().atMost(Duration.ofSeconds(15))
                .untilAsserted(() -> assertThat(meta("default", "web", "VERSION")).isEqualTo("3.1.0"));
        service.awaitIdle();
        assertThat(service.history("worker")).singleElement().satisfies(entry -> {
            assertThat(entry.path("status").asText()).isEqualTo("failed");
            assertThat(entry.path("namespace").asText()).isEqualTo("batch");
            assertThat(entry.path("message").asText()).contains("Permission denied").contains("submit-job");
        });
        assertThat(requestsFor("worker")).filteredOn(r -> r.method().equals("POST")).hasSize(1);
        assertThat(nomad.registrations()).extracting(Registration::jobId).containsExactly("web");
        assertThat(meta("batch", "worker", "WORKER_VERSION")).isEqualTo("2.3.0");
    }

    @Test
    void aJobFailedForGoodIsLoggedAsAWarningWhileARedeployIsInformation() throws Exception {
        nomad.acl().addToken(TOKEN, "deployer", Map.of("default", DEPLOYER, "batch", READ_ONLY));
        log = LogCapture.start();
        startService("--nomad.token=" + TOKEN);

        assertThat(service.push("team/web", "3.1.0")).isEqualTo(200);

        await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> assertThat(service.history("worker")).hasSize(1));
        service.awaitIdle();
        assertThat(log.warnings()).filteredOn(line -> line.contains("event=redeploy")).singleElement().asString()
                .startsWith("WARN ").contains("outcome=failed").contains("job=worker").contains("Permission denied");
        assertThat(log.lines()).filteredOn(line -> line.contains("event=redeploy outcome=registered"))
                .singleElement().asString().startsWith("INFO ").contains("job=web");
    }

    @Test
    void withoutATokenThePushWaitsNamingListJobsAndGoesThroughOnceATokenIsConfigured() throws Exception {
        nomad.acl().addToken(TOKEN, "deployer", Map.of("*", DEPLOYER));
        log = LogCapture.start();
        startService();

        assertThat(service.push("team/web", "3.1.0")).isEqualTo(200);

        await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> assertThat(log.warnings())
                .anySatisfy(line -> assertThat(line).contains("event=discovery_failed")
                        .contains("Permission denied").contains("list-jobs")));
        assertThat(service.app().idle()).as("the push is still waiting").isFalse();
        assertThat(nomad.registrations()).isEmpty();

        service.close();
        service = null;
        startService("--nomad.token=" + TOKEN);
        await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> {
            assertThat(meta("default", "web", "VERSION")).isEqualTo("3.1.0");
            assertThat(meta("batch", "worker", "WORKER_VERSION")).isEqualTo("3.1.0");
        });
    }

    @Test
    void jobTheTokenCannotReadIsRecordedAsFailedNamingTheCapabilityAndIsRedeployedOnceItCanBeRead()
            throws Exception {
        Set<String> listOnly = Set.of(Acl.LIST_JOBS, Acl.SUBMIT_JOB);
        nomad.acl().addToken(TOKEN, "deployer", Map.of("default", DEPLOYER, "batch", listOnly));
        startService("--nomad.token=" + TOKEN);

        assertThat(service.push("team/web", "3.1.0")).isEqualTo(200);
        await().atMost(Duration.ofSeconds(15))
                .untilAsserted(() -> assertThat(meta("default", "web", "VERSION")).isEqualTo("3.1.0"));
        await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> assertThat(service.history("worker"))
                .singleElement().satisfies(entry -> {
                    assertThat(entry.path("status").asText()).isEqualTo("failed");
                    assertThat(entry.path("namespace").asText()).isEqualTo("batch");
                    assertThat(entry.path("message").asText()).contains("Permission denied").contains("read-job");
                }));
        assertThat(service.history("web")).extracting(e -> e.path("message").asText())
                .noneMatch(message -> message.contains("no job runs"));
        assertThat(service.app().idle()).as("the push waits for the job to become readable").isFalse();

        nomad.acl().addToken(TOKEN, "deployer", Map.of("default", DEPLOYER, "batch", DEPLOYER));

        await().atMost(Duration.ofSeconds(30))
                .untilAsserted(() -> assertThat(meta("batch", "worker", "WORKER_VERSION")).isEqualTo("3.1.0"));
        service.awaitIdle();
        assertThat(service.history("worker")).extracting(e -> e.path("status").asText())
                .containsExactly("registered", "failed");
    }

    @Test
    void tokenNomadDoesNotKnowYetStartsWorkingOnceTheOperatorCreatesItWithoutARestart() throws Exception {
        log = LogCapture.start();
        startService("--nomad.token=" + TOKEN);
        assertThat(service.push("team/web", "3.1.0")).isEqualTo(200);
        await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> assertThat(log.warnings())
                .anySatisfy(line -> assertThat(line).contains("event=discovery_failed").contains("list-jobs")));

        nomad.acl().addToken(TOKEN, "deployer", Map.of("*", DEPLOYER));

        await().atMost(Duration.ofSeconds(15))
                .untilAsserted(() -> assertThat(meta("default", "web", "VERSION")).isEqualTo("3.1.0"));
    }

    @Test
    void tokenMountedAsAFileIsSentOnEveryRequest() throws Exception {
        nomad.acl().addToken(TOKEN, "deployer", Map.of("*", DEPLOYER));
        // As a Nomad template renders a Variable: the token followed by a newline.
        Path tokenFile = Files.writeString(dir.resolve("nomad-token"), TOKEN + "\n");
        startService("--nomad.token_file=" + tokenFile);

        assertThat(service.push("team/web", "3.1.0")).isEqualTo(200);
        await().atMost(Duration.ofSeconds(15))
                .untilAsserted(() -> assertThat(meta("batch", "worker", "WORKER_VERSION")).isEqualTo("3.1.0"));
        service.awaitIdle();

        assertThat(nomad.requests()).isNotEmpty()
                .extracting(RecordedRequest::method).contains("GET", "POST");
        assertThat(nomad.requests()).allSatisfy(request ->
                assertThat(request.headers()).containsEntry("X-Nomad-Token", TOKEN));
    }
}

package dev.nomaddeployer.testbed.nomad;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.hashicorp.nomad.apimodel.Deployment;
import com.hashicorp.nomad.apimodel.Evaluation;
import com.hashicorp.nomad.apimodel.Job;
import com.hashicorp.nomad.apimodel.JobListStub;
import com.hashicorp.nomad.apimodel.JobPlanResponse;
import com.hashicorp.nomad.javasdk.ErrorResponseException;
import com.hashicorp.nomad.javasdk.EvaluationResponse;
import com.hashicorp.nomad.javasdk.JobVersionsResponseData;
import com.hashicorp.nomad.javasdk.NomadApiClient;
import com.hashicorp.nomad.javasdk.NomadApiConfiguration;
import com.hashicorp.nomad.javasdk.NomadJson;
import com.hashicorp.nomad.javasdk.QueryOptions;
import com.hashicorp.nomad.javasdk.ServerQueryResponse;
import com.hashicorp.nomad.javasdk.ServerResponse;
import com.hashicorp.nomad.javasdk.WaitStrategy;
import java.math.BigInteger;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * HashiCorp's own Java client decodes every answer the simulator gives: a second judge of its shapes,
 * written by people who read Nomad's real responses. Runs in its own surefire execution (older Jackson).
 */
class NomadSdkConformanceTest extends SimTestBase {
    private NomadApiClient client;

    @BeforeEach
    void connect() {
        client = client(null);
    }

    @AfterEach
    void disconnect() throws Exception {
        client.close();
    }

    private NomadApiClient client(String token) {
        NomadApiConfiguration.Builder config = new NomadApiConfiguration.Builder().setAddress(sim.baseUrl().toString());
        if (token != null) {
            config.setAuthToken(token);
        }
        return new NomadApiClient(config.build());
    }

    private static Job sdkJob(ObjectNode job) throws Exception {
        return NomadJson.readJobSpec(body(job));
    }

    @Test
    void registeredJobReadsBackWithItsVersionEvalAndMeta() throws Exception {
        EvaluationResponse registered = client.getJobsApi().register(sdkJob(minimalJob("web", "1.4.1")));
        assertThat(registered.getValue()).isNotEmpty();
        idle();
        ServerQueryResponse<Job> read = client.getJobsApi().info("web");
        Job job = read.getValue();
        assertThat(job.getVersion()).isEqualTo(BigInteger.ZERO);
        assertThat(job.getMeta()).containsEntry("VERSION", "1.4.1");
        assertThat(job.getStatus()).isEqualTo("running");
        assertThat(job.getStable()).isTrue();
        assertThat(job.getTaskGroups().get(0).getTasks().get(0).getConfig())
                .containsEntry("image", "registry:5000/team/web:${NOMAD_META_VERSION}");
        assertThat(read.getIndex()).isEqualTo(BigInteger.valueOf(sim.index()));
        assertThat(read.hadKnownLeader()).isTrue();

        Evaluation eval = client.getEvaluationsApi().info(registered.getValue()).getValue();
        assertThat(eval.getJobId()).isEqualTo("web");
        assertThat(eval.getTriggeredBy()).isEqualTo("job-register");
        assertThat(eval.getStatus()).isEqualTo("complete");
    }

    @Test
    void reRegisteringWhatWasReadWithItsModifyIndexMakesTheNextVersion() throws Exception {
        client.getJobsApi().register(sdkJob(minimalJob("web", "1")));
        idle();
        Job read = client.getJobsApi().info("web").getValue();
        read.getMeta().put("VERSION", "2");
        client.getJobsApi().register(read, read.getJobModifyIndex());
        idle();
        Job after = client.getJobsApi().info("web").getValue();
        assertThat(after.getVersion()).isEqualTo(BigInteger.ONE);
        assertThat(after.getMeta()).containsEntry("VERSION", "2");
        assertThat(after.getJobModifyIndex()).isGreaterThan(read.getJobModifyIndex());
        // fields the 0.11 SDK has no property for survive the round trip as unmapped ones
        assertThat(after.getUnmappedProperties()).containsEntry("NodePool", "default");
    }

    @Test
    void staleModifyIndexIsRefusedWithNomadsStatusAndText() throws Exception {
        client.getJobsApi().register(sdkJob(minimalJob("web", "1")));
        Job read = client.getJobsApi().info("web").getValue();
        sim.editJob("default", "web", j -> ((ObjectNode) j.get("Meta")).put("VERSION", "operator"));
        long stored = sim.job("default", "web").orElseThrow().get("JobModifyIndex").asLong();

        assertThatThrownBy(() -> client.getJobsApi().register(read, read.getJobModifyIndex()))
                .isInstanceOfSatisfying(ErrorResponseException.class, e -> {
                    assertThat(e.getServerErrorCode()).isEqualTo(500);
                    assertThat(e.getServerErrorMessage()).isEqualTo("Enforcing job modify index "
                            + read.getJobModifyIndex() + ": job exists with conflicting job modify index: " + stored);
                });
    }

    @Test
    void listFiltersByPrefixAndNamespace() throws Exception {
        sim.createNamespace("batch");
        client.getJobsApi().register(sdkJob(minimalJob("web", "1")));
        client.getJobsApi().register(sdkJob(minimalJob("web-admin", "1")));
        client.getJobsApi().register(sdkJob(minimalJob("api", "1")));
        Job worker = sdkJob(minimalJob("worker", "1").put("Type", "batch").put("Namespace", "batch"));
        client.getJobsApi().register(worker, new com.hashicorp.nomad.javasdk.WriteOptions(null).setNamespace("batch"));
        idle();

        List<JobListStub> web = client.getJobsApi().list("web").getValue();
        assertThat(web).extracting(JobListStub::getId).containsExactly("web", "web-admin");
        assertThat(web.get(0).getType()).isEqualTo("service");
        assertThat(web.get(0).getPriority()).isEqualTo(50);
        assertThat(web.get(0).getJobSummary().getSummary()).containsKey("web");

        List<JobListStub> batch = client.getJobsApi().list(null,
                new QueryOptions<List<JobListStub>>().setNamespace("batch")).getValue();
        assertThat(batch).extracting(JobListStub::getId).containsExactly("worker");
        assertThat(batch.get(0).getType()).isEqualTo("batch");
    }

    @Test
    void versionsListNewestFirstWithTheirMeta() throws Exception {
        client.getJobsApi().register(sdkJob(minimalJob("web", "1")));
        idle();
        client.getJobsApi().register(sdkJob(minimalJob("web", "2")));
        idle();
        JobVersionsResponseData versions = client.getJobsApi().versions("web").getValue();
        assertThat(versions.getVersions()).extracting(Job::getVersion)
                .containsExactly(BigInteger.ONE, BigInteger.ZERO);
        assertThat(versions.getVersions()).extracting(j -> j.getMeta().get("VERSION")).containsExactly("2", "1");
        assertThat(versions.getVersions()).extracting(Job::getStable).containsExactly(true, true);
    }

    @Test
    void blockingReadReturnsOnceTheJobChanges() throws Exception {
        client.getJobsApi().register(sdkJob(minimalJob("web", "1")));
        idle();
        ServerQueryResponse<Job> first = client.getJobsApi().info("web");
        QueryOptions<Job> newer = QueryOptions.newerThan(first).setWaitStrategy(WaitStrategy.waitForSeconds(20));
        CompletableFuture<ServerQueryResponse<Job>> blocked = CompletableFuture.supplyAsync(() -> {
            try {
                return client.getJobsApi().info("web", newer);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        sim.editJob("default", "web", j -> ((ObjectNode) j.get("Meta")).put("VERSION", "2"));
        ServerQueryResponse<Job> changed = blocked.get(20, TimeUnit.SECONDS);
        assertThat(changed.getIndex()).isGreaterThan(first.getIndex());
        assertThat(changed.getValue().getMeta()).containsEntry("VERSION", "2");
    }

    @Test
    void missingJobIsA404WithNomadsText() {
        assertThatThrownBy(() -> client.getJobsApi().info("nope"))
                .isInstanceOfSatisfying(ErrorResponseException.class, e -> {
                    assertThat(e.getServerErrorCode()).isEqualTo(404);
                    assertThat(e.getServerErrorMessage()).isEqualTo("job not found");
                });
    }

    @Test
    void deploymentsDecodeWithTheirJobVersionAndStatus() throws Exception {
        client.getJobsApi().register(sdkJob(minimalJob("web", "1")));
        idle();
        client.getJobsApi().register(sdkJob(minimalJob("web", "2")));
        idle();
        Deployment latest = client.getJobsApi().latestDeployment("web").getValue();
        assertThat(latest.getJobVersion()).isEqualTo(BigInteger.ONE);
        assertThat(latest.getStatus()).isEqualTo("successful");
        assertThat(latest.getTaskGroups().get("web").getDesiredTotal()).isEqualTo(1);
        Deployment byId = client.getDeploymentsApi().info(latest.getId()).getValue();
        assertThat(byId.getJobModifyIndex()).isEqualTo(latest.getJobModifyIndex());
        List<Deployment> all = client.getJobsApi().deployments("web").getValue();
        assertThat(all).extracting(Deployment::getJobVersion)
                .containsExactlyInAnyOrder(BigInteger.ZERO, BigInteger.ONE);
        List<Evaluation> evals = client.getJobsApi().evaluations("web").getValue();
        assertThat(evals).hasSize(2).allSatisfy(e -> assertThat(e.getStatus()).isEqualTo("complete"));
    }

    @Test
    void deregisterStopsAndPurgeRemovesTheJob() throws Exception {
        client.getJobsApi().register(sdkJob(minimalJob("web", "1")));
        idle();
        EvaluationResponse stop = client.getJobsApi().deregister("web");
        assertThat(stop.getValue()).isNotEmpty();
        idle();
        Job stopped = client.getJobsApi().info("web").getValue();
        assertThat(stopped.getStop()).isTrue();
        assertThat(stopped.getStatus()).isEqualTo("dead");
        client.getJobsApi().deregister("web", true);
        assertThatThrownBy(() -> client.getJobsApi().info("web"))
                .isInstanceOfSatisfying(ErrorResponseException.class, e -> assertThat(e.getServerErrorCode()).isEqualTo(404));
    }

    @Test
    void leaderAndAgentSelfDecode() throws Exception {
        assertThat(client.getStatusApi().leader().getValue()).isEqualTo(http.get("/v1/status/leader").json().asText());
        assertThat(client.getAgentApi().self().getValue().getConfig()).containsKey("Region");
    }

    @Test
    void unknownTokenIsRefusedWith403() throws Exception {
        sim.stop();
        sim = builder().managementToken("root").build().start();
        try (NomadApiClient stranger = client("not-a-token")) {
            assertThatThrownBy(() -> stranger.getJobsApi().list())
                    .isInstanceOfSatisfying(ErrorResponseException.class, e -> {
                        assertThat(e.getServerErrorCode()).isEqualTo(403);
                        assertThat(e.getServerErrorMessage()).isEqualTo("Permission denied");
                    });
        }
        sim.acl().addToken("reader", "acc-reader", Map.of("*", Set.of(Acl.READ_JOB, Acl.LIST_JOBS)));
        try (NomadApiClient reader = client("reader")) {
            assertThatThrownBy(() -> reader.getJobsApi().plan(sdkJob(minimalJob("web", "1")), true))
                    .isInstanceOfSatisfying(ErrorResponseException.class, e -> assertThat(e.getServerErrorCode()).isEqualTo(403));
        }
    }

    @Test
    void planOfAMetaChangeShowsTheEditedMetaAndADestructiveUpdate() throws Exception {
        client.getJobsApi().register(sdkJob(minimalJob("web", "1")));
        idle();
        long indexBefore = sim.index();
        Job read = client.getJobsApi().info("web").getValue();
        read.getMeta().put("VERSION", "2");

        ServerResponse<JobPlanResponse> plan = client.getJobsApi().plan(read, true);
        JobPlanResponse answer = plan.getValue();
        assertThat(answer.getJobModifyIndex()).isEqualTo(read.getJobModifyIndex());
        assertThat(plan.getIndex()).isEqualTo(read.getJobModifyIndex());
        assertThat(answer.getDiff().getType()).isEqualTo("Edited");
        assertThat(answer.getDiff().getFields()).singleElement().satisfies(f -> {
            assertThat(f.getName()).isEqualTo("Meta[VERSION]");
            assertThat(f.getType()).isEqualTo("Edited");
            assertThat(f.getOld()).isEqualTo("1");
            assertThat(f.getNew()).isEqualTo("2");
        });
        assertThat(answer.getDiff().getTaskGroups().get(0).getUpdates())
                .containsExactly(Map.entry("create/destroy update", BigInteger.ONE));
        assertThat(answer.getAnnotations().getDesiredTgUpdates().get("web").getDestructiveUpdate())
                .isEqualTo(BigInteger.ONE);
        assertThat(answer.getFailedTgAllocs()).isNull();
        // a plan writes nothing
        assertThat(sim.index()).isEqualTo(indexBefore);
        assertThat(client.getJobsApi().info("web").getValue().getVersion()).isEqualTo(BigInteger.ZERO);
    }

    @Test
    void revertRegistersTheOldSpecAsANewVersionWithANewEval() throws Exception {
        client.getJobsApi().register(sdkJob(minimalJob("web", "1")));
        idle();
        client.getJobsApi().register(sdkJob(minimalJob("web", "2")));
        idle();
        EvaluationResponse reverted = client.getJobsApi().revert("web", BigInteger.ZERO, BigInteger.ONE);
        assertThat(reverted.getValue()).isNotEmpty();
        idle();
        Job job = client.getJobsApi().info("web").getValue();
        assertThat(job.getVersion()).isEqualTo(BigInteger.TWO);
        assertThat(job.getMeta()).containsEntry("VERSION", "1");
        Evaluation eval = client.getEvaluationsApi().info(reverted.getValue()).getValue();
        assertThat(eval.getTriggeredBy()).isEqualTo("job-register");

        assertThatThrownBy(() -> client.getJobsApi().revert("web", BigInteger.ZERO, BigInteger.ONE))
                .isInstanceOfSatisfying(ErrorResponseException.class, e -> {
                    assertThat(e.getServerErrorCode()).isEqualTo(500);
                    assertThat(e.getServerErrorMessage()).isEqualTo("Current job has version 2; enforcing version 1");
                });
    }
}

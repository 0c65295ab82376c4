package dev.nomaddeployer.testbed.nomad;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** nomad-api.md#token, #acl-denied, #ignored-fields (NomadTokenID) with ACLs on. */
class AclConformanceTest extends SimTestBase {
    @Override
    NomadSim.Builder builder() {
        return super.builder().managementToken("root-secret");
    }

    @Test
    @DisplayName("token: token from X-Nomad-Token, else Authorization Bearer, else body SecretID")
    void tokenIsReadFromHeaderBearerOrBodySecret() {
        String job = body(minimalJob("web", "1"));
        assertThat(http.post("/v1/job/web", job, "X-Nomad-Token", " root-secret ").status()).isEqualTo(200);
        assertThat(http.get("/v1/job/web", "Authorization", "bearer root-secret").status()).isEqualTo(200);
        String withSecret = "{\"SecretID\":\"root-secret\",\"Job\":" + minimalJob("api", "1") + "}";
        assertThat(http.post("/v1/job/api", withSecret).status()).isEqualTo(200);
    }

    @Test
    @DisplayName("acl-denied: missing or bad token on any job endpoint is 403 Permission denied")
    void missingOrBadTokenIsPermissionDenied() {
        sim.registerJob(minimalJob("web", "1"));
        for (String path : new String[] {"/v1/jobs", "/v1/job/web", "/v1/job/web/versions",
                "/v1/job/web/deployments", "/v1/job/web/evaluations", "/v1/agent/self"}) {
            SimHttp.Response none = http.get(path);
            assertThat(none.status()).as(path).isEqualTo(403);
            assertThat(none.body()).isEqualTo("Permission denied");
            assertThat(http.get(path, "X-Nomad-Token", "wrong").status()).as(path).isEqualTo(403);
        }
        assertThat(http.post("/v1/job/web", body(minimalJob("web", "2")), "X-Nomad-Token", "wrong").status())
                .isEqualTo(403);
        assertThat(http.get("/v1/status/leader").status()).isEqualTo(200);
    }

    @Test
    @DisplayName("acl-denied: a client token lacking submit-job cannot register but may read")
    void clientTokenCapabilitiesAreEnforcedPerNamespace() {
        sim.acl().addToken("reader", "acc-reader", Map.of("default", Set.of(Acl.READ_JOB, Acl.LIST_JOBS)));
        sim.registerJob(minimalJob("web", "1"));
        assertThat(http.get("/v1/job/web", "X-Nomad-Token", "reader").status()).isEqualTo(200);
        assertThat(http.post("/v1/job/web", body(minimalJob("web", "2")), "X-Nomad-Token", "reader").status())
                .isEqualTo(403);
        assertThat(http.get("/v1/agent/self", "X-Nomad-Token", "reader").status()).isEqualTo(403);
    }

    @Test
    @DisplayName("namespace-param/job-list-params: namespace=* lists only namespaces the token may list")
    void wildcardListShowsOnlyListableNamespaces() {
        sim.createNamespace("batch");
        sim.registerJob(minimalJob("web", "1"));
        sim.registerJob(minimalJob("worker", "1").put("Namespace", "batch"));
        sim.acl().addToken("batch-only", "acc-b", Map.of("batch", Set.of(Acl.LIST_JOBS)));
        SimHttp.Response r = http.get("/v1/jobs?namespace=*", "X-Nomad-Token", "batch-only");
        assertThat(r.json()).hasSize(1);
        assertThat(r.json().get(0).get("ID").asText()).isEqualTo("worker");
        assertThat(http.get("/v1/jobs", "X-Nomad-Token", "batch-only").status()).isEqualTo(403);
    }

    @Test
    @DisplayName("ignored-fields: NomadTokenID is the caller's accessor; another token makes a spec change")
    void reRegisterByAnotherTokenIsSpecChange() {
        sim.acl().addToken("deployer", "acc-deployer", Map.of("*", Set.of(Acl.SUBMIT_JOB, Acl.READ_JOB)));
        assertThat(http.post("/v1/job/web", body(minimalJob("web", "1")), "X-Nomad-Token", "root-secret")
                .status()).isEqualTo(200);
        String mgmtAccessor = sim.job("default", "web").orElseThrow().get("NomadTokenID").asText();
        assertThat(mgmtAccessor).isNotEmpty();
        String fetched = body(http.get("/v1/job/web", "X-Nomad-Token", "deployer").json());
        assertThat(http.post("/v1/job/web", fetched, "X-Nomad-Token", "deployer").status()).isEqualTo(200);
        assertThat(sim.job("default", "web").orElseThrow().get("NomadTokenID").asText()).isEqualTo("acc-deployer");
        assertThat(sim.job("default", "web").orElseThrow().get("Version").asLong()).isEqualTo(1);
    }

    @Test
    @DisplayName("job-list-params: namespace=* with a token that may list jobs nowhere is 403, not an empty list")
    void wildcardListWithoutListJobsAnywhereIsDenied() {
        sim.acl().addToken("reader", "acc-r", Map.of("default", Set.of(Acl.READ_JOB)));
        SimHttp.Response r = http.get("/v1/jobs?namespace=*", "X-Nomad-Token", "reader");
        assertThat(r.status()).isEqualTo(403);
        assertThat(r.body()).isEqualTo("Permission denied");
    }

    @Test
    @DisplayName("job-list-params: the list-jobs check comes before the filter is parsed")
    void listPermissionIsCheckedBeforeFilterSyntax() {
        sim.acl().addToken("reader", "acc-r", Map.of("default", Set.of(Acl.READ_JOB)));
        assertThat(http.get("/v1/jobs?filter=%3D%3D", "X-Nomad-Token", "reader").status()).isEqualTo(403);
    }

    @Test
    @DisplayName("namespace-param: a deployment in a namespace the token cannot read is hidden (404), an eval is 403")
    void foreignNamespaceDeploymentIsHiddenAndEvalIsDenied() {
        sim.createNamespace("batch");
        sim.registerJob(minimalJob("worker", "1").put("Namespace", "batch"));
        sim.awaitIdle(java.time.Duration.ofSeconds(10));
        String deploymentId = sim.deployments("batch", "worker").get(0).get("ID").asText();
        String evalId = http.get("/v1/job/worker/evaluations?namespace=batch", "X-Nomad-Token", "root-secret")
                .json().get(0).get("ID").asText();
        sim.acl().addToken("default-reader", "acc-d", Map.of("default", Set.of(Acl.READ_JOB)));
        SimHttp.Response deployment = http.get("/v1/deployment/" + deploymentId, "X-Nomad-Token", "default-reader");
        assertThat(deployment.status()).isEqualTo(404);
        assertThat(deployment.body()).isEqualTo("deployment not found");
        assertThat(http.get("/v1/evaluation/" + evalId, "X-Nomad-Token", "default-reader").status()).isEqualTo(403);
        assertThat(http.get("/v1/deployment/" + deploymentId + "?namespace=batch", "X-Nomad-Token", "default-reader")
                .status()).isEqualTo(403);
    }

    @Test
    @DisplayName("event-query: a client token needs read-job in every namespace for namespace=* and a topic to stream")
    void eventStreamWildcardNeedsReadJobEverywhere() {
        sim.createNamespace("batch");
        sim.acl().addToken("default-reader", "acc-d", Map.of("default", Set.of(Acl.READ_JOB)));
        sim.acl().addToken("all-reader", "acc-a", Map.of("*", Set.of(Acl.READ_JOB)));
        assertThat(http.get("/v1/event/stream?namespace=*&topic=Job", "X-Nomad-Token", "default-reader").status())
                .isEqualTo(403);
        assertThat(http.get("/v1/event/stream", "X-Nomad-Token", "all-reader").status()).isEqualTo(403);
    }
}

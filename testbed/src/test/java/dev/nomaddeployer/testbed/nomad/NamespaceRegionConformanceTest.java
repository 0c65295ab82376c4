package dev.nomaddeployer.testbed.nomad;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** nomad-api.md#namespace-param to #missing-namespace: namespaces and regions. */
class NamespaceRegionConformanceTest extends SimTestBase {

    @Test
    @DisplayName("namespace-param: single reads need the right namespace; * holds nothing")
    void singleReadUsesRequestNamespace() {
        sim.createNamespace("batch");
        sim.registerJob(minimalJob("worker", "1").put("Namespace", "batch"));
        assertThat(http.get("/v1/job/worker").status()).isEqualTo(404);
        assertThat(http.get("/v1/job/worker?namespace=batch").status()).isEqualTo(200);
        assertThat(http.get("/v1/job/worker?namespace=*").status()).isEqualTo(404);
    }

    @Test
    @DisplayName("register-namespace: ?namespace= beats Job.Namespace on register")
    void queryNamespaceWinsOnRegister() {
        sim.createNamespace("batch");
        SimHttp.Response r = http.post("/v1/job/web?namespace=batch", body(minimalJob("web", "1")
                .put("Namespace", "default")));
        assertThat(r.status()).isEqualTo(200);
        assertThat(sim.job("batch", "web").orElseThrow().get("Namespace").asText()).isEqualTo("batch");
        assertThat(sim.job("default", "web")).isEmpty();
    }

    @Test
    @DisplayName("region: no Region is stored as global; unknown ?region= is 500 No path to region")
    void regionDefaultsToAgentRegion() {
        register(minimalJob("web", "1"));
        assertThat(sim.job("default", "web").orElseThrow().get("Region").asText()).isEqualTo("global");
        SimHttp.Response r = http.get("/v1/job/web?region=mars");
        assertThat(r.status()).isEqualTo(500);
        assertThat(r.body()).isEqualTo("No path to region");
        assertThat(http.post("/v1/job/web?region=mars", body(minimalJob("web", "2"))).body())
                .isEqualTo("No path to region");
    }

    @Test
    @DisplayName("missing-namespace: register into a missing namespace is a 500 multierror; list of it is []")
    void missingNamespace() {
        SimHttp.Response r = http.post("/v1/job/web?namespace=nope", body(minimalJob("web", "1")));
        assertThat(r.status()).isEqualTo(500);
        assertThat(r.body()).isEqualTo("1 error occurred:\n\t* job \"web\" is in nonexistent namespace \"nope\"\n\n");
        SimHttp.Response list = http.get("/v1/jobs?namespace=nope");
        assertThat(list.status()).isEqualTo(200);
        assertThat(list.body()).isEqualTo("[]");
    }
}

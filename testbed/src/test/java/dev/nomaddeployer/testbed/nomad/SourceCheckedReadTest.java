package dev.nomaddeployer.testbed.nomad;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Query parsing and read indexes as read in Nomad v1.10.5 (command/agent/http.go, nomad/job_endpoint.go). */
class SourceCheckedReadTest extends SimTestBase {

    @Test
    @DisplayName("endpoint-index: a job read before any job was written answers 404 with X-Nomad-Index 0")
    void missingJobOnFreshClusterHasIndexZero() {
        SimHttp.Response r = http.get("/v1/job/nope");
        assertThat(r.status()).isEqualTo(404);
        assertThat(r.header("X-Nomad-Index")).isEqualTo("0");
    }

    @Test
    @DisplayName("endpoint-index: job versions not found carries X-Nomad-Index 0 even after other writes")
    void missingVersionsHaveIndexZero() {
        register(minimalJob("web", "1"));
        SimHttp.Response r = http.get("/v1/job/nope/versions");
        assertThat(r.status()).isEqualTo(404);
        assertThat(r.body()).isEqualTo("job versions not found");
        assertThat(r.header("X-Nomad-Index")).isEqualTo("0");
        assertThat(r.header("X-Nomad-KnownLeader")).isEqualTo("true");
    }

    @Test
    @DisplayName("blocking-wait: a negative wait is a valid Go duration and means the default wait")
    void negativeWaitIsAccepted() {
        register(minimalJob("web", "1"));
        long index = Long.parseLong(http.get("/v1/job/web").header("X-Nomad-Index"));
        assertThat(http.get("/v1/job/web?wait=-5s&index=" + (index - 1)).status()).isEqualTo(200);
    }

    @Test
    @DisplayName("query-errors: stale takes any Go bool, and a bad per_page is reported before a bad wait")
    void staleTakesGoBoolsAndPerPageIsCheckedBeforeWait() {
        assertThat(http.get("/v1/jobs?stale=1").status()).isEqualTo(200);
        assertThat(http.get("/v1/jobs?stale=T").status()).isEqualTo(200);
        assertThat(http.get("/v1/jobs?stale=yes").status()).isEqualTo(400);
        SimHttp.Response both = http.get("/v1/jobs?wait=10&per_page=x");
        assertThat(both.status()).isEqualTo(400);
        assertThat(both.body()).isEqualTo("Expect a number for `per_page` query string parameter");
    }
}

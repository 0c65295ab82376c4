package dev.nomaddeployer.testbed.nomad;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Job version tags (Nomad 1.9+) and a Nomad that predates them. */
class VersionTagConformanceTest extends SimTestBase {

    @Test
    @DisplayName("version-tag: a tag shows on its version in /versions and on the current job")
    void tagIsVisibleOnTheVersion() {
        registerTwoVersions();
        SimHttp.Response tagged = http.send("PUT", "/v1/job/web/versions/release-1/tag",
                "{\"Version\":1,\"Description\":\"rolled out by nomad-deployer\"}");
        assertThat(tagged.status()).isEqualTo(200);
        assertThat(tagged.json().get("Name").asText()).isEqualTo("release-1");
        assertThat(tagged.json().get("TaggedTime").asLong()).isPositive();
        assertThat(tagged.header("X-Nomad-Index")).as("the handler sets no index header").isNull();
        JsonNode newest = http.get("/v1/job/web/versions").json().at("/Versions/0");
        assertThat(newest.get("Version").asLong()).isEqualTo(1);
        assertThat(newest.at("/VersionTag/Name").asText()).isEqualTo("release-1");
        assertThat(newest.at("/VersionTag/Description").asText()).isEqualTo("rolled out by nomad-deployer");
        assertThat(newest.at("/VersionTag/TaggedTime").asLong()).isEqualTo(tagged.json().get("TaggedTime").asLong());
        assertThat(http.get("/v1/job/web").json().at("/VersionTag/Name").asText()).isEqualTo("release-1");
    }

    @Test
    @DisplayName("version-tag: a name already on another version, or a version that does not exist, is refused with Nomad's text")
    void duplicateNameAndMissingVersionAreRefused() {
        registerTwoVersions();
        assertThat(http.send("POST", "/v1/job/web/versions/release/tag", "{\"Version\":0}").status()).isEqualTo(200);
        SimHttp.Response duplicate = http.send("POST", "/v1/job/web/versions/release/tag", "{\"Version\":1}");
        assertThat(duplicate.status()).isEqualTo(500);
        assertThat(duplicate.body()).isEqualTo("tag \"release\" already exists on a different version of job \"web\"");
        SimHttp.Response sameVersion = http.send("POST", "/v1/job/web/versions/release/tag",
                "{\"Version\":0,\"Description\":\"new text\"}");
        assertThat(sameVersion.status()).as("re-tagging the same version updates it").isEqualTo(200);
        SimHttp.Response missing = http.send("POST", "/v1/job/web/versions/other/tag", "{\"Version\":9}");
        assertThat(missing.status()).isEqualTo(500);
        assertThat(missing.body()).isEqualTo("job \"web\" version 9 not found");
    }

    @Test
    @DisplayName("version-tag: DELETE removes the tag; removing it again names the missing tag")
    void untag() {
        registerTwoVersions();
        http.send("PUT", "/v1/job/web/versions/release/tag", "{\"Version\":1}");
        assertThat(http.send("DELETE", "/v1/job/web/versions/release/tag", null).status()).isEqualTo(200);
        assertThat(http.get("/v1/job/web/versions").json().at("/Versions/0/VersionTag").isNull()).isTrue();
        SimHttp.Response again = http.send("DELETE", "/v1/job/web/versions/release/tag", null);
        assertThat(again.status()).isEqualTo(500);
        assertThat(again.body()).isEqualTo("tag \"release\" not found on job \"web\"");
    }

    @Test
    @DisplayName("version-tag: a tagged version outlives the trimming of old versions")
    void taggedVersionIsKept() {
        ObjectNode job = minimalJob("web", "0");
        register(job);
        idle();
        http.send("PUT", "/v1/job/web/versions/first/tag", "{\"Version\":0}");
        for (int v = 1; v <= 8; v++) {
            ((ObjectNode) job.get("Meta")).put("VERSION", Integer.toString(v));
            register(job);
            idle();
        }
        JsonNode versions = http.get("/v1/job/web/versions").json().get("Versions");
        assertThat(versions).hasSize(7);
        assertThat(versions.get(versions.size() - 1).get("Version").asLong()).isZero();
        assertThat(versions.get(versions.size() - 1).at("/VersionTag/Name").asText()).isEqualTo("first");
    }

    @Test
    @DisplayName("version-tag: tagging needs submit-job in the namespace")
    void tagNeedsSubmitJob() {
        sim.stop();
        sim = builder().managementToken("root").build().start();
        http = new SimHttp(sim);
        sim.acl().addToken("reader", "acc-reader", Map.of("default", Set.of(Acl.READ_JOB)));
        sim.registerJob(minimalJob("web", "1"));
        SimHttp.Response denied = http.send("PUT", "/v1/job/web/versions/release/tag", "{\"Version\":0}",
                "X-Nomad-Token", "reader");
        assertThat(denied.status()).isEqualTo(403);
        assertThat(denied.body()).isEqualTo("Permission denied");
    }

    @Test
    @DisplayName("version-tag: a path that does not split into job/versions/name/tag is a 404")
    void malformedTagPath() {
        SimHttp.Response answer = http.send("PUT", "/v1/job/web/versions/a/b/tag", "{\"Version\":0}");
        assertThat(answer.status()).isEqualTo(404);
        assertThat(answer.body()).isEqualTo("invalid job tag endpoint");
    }

    @Test
    @DisplayName("version-tag: a Nomad before 1.9 takes the tag path for a job register and refuses the body")
    void oldNomadHasNoTagEndpoint() {
        sim.stop();
        sim = builder().nomadVersion(NomadVersion.V1_8).build().start();
        http = new SimHttp(sim);
        registerTwoVersions();
        SimHttp.Response put = http.send("PUT", "/v1/job/web/versions/release/tag", "{\"Version\":1}");
        assertThat(put.status()).isEqualTo(400);
        assertThat(put.body()).isEqualTo("Job must be specified");
        assertThat(http.get("/v1/job/web/versions/release/tag").status()).isEqualTo(404);
        assertThat(http.get("/v1/agent/self").json().at("/config/Version/Version").asText()).isEqualTo("1.8.4");
    }

    private void registerTwoVersions() {
        ObjectNode job = minimalJob("web", "1");
        register(job);
        idle();
        ((ObjectNode) job.get("Meta")).put("VERSION", "2");
        register(job);
        idle();
    }
}

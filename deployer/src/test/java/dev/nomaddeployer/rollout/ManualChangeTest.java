package dev.nomaddeployer.rollout;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.nomaddeployer.discovery.JobFixtures;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Telling a person's change to what the service owns from every other change of a job. */
class ManualChangeTest {

    private static ObjectNode web(String version) {
        ObjectNode job = JobFixtures.web();
        JobFixtures.setImage(JobFixtures.task(job, 0, 0), "registry:5000/team/app:${NOMAD_META_VERSION}");
        JobFixtures.meta(job).put("VERSION", version);
        return job.put("Version", 8).put("NomadTokenID", "8f3c-accessor");
    }

    @Test
    void theValueBackAtWhatTheServiceReplacedIsARevert() {
        ManualChange change = ManualChange.between(List.of(new ValueSet("VERSION", "1.5.0", "1.6.0")), web("1.5.0"))
                .orElseThrow();

        assertThat(change.revert()).isTrue();
        assertThat(change.describe()).isEqualTo("VERSION changed from 1.6.0 to 1.5.0 in job version 8, by a register"
                + " nomad-deployer did not make (Nomad token accessor 8f3c-accessor); the job is back at the value it"
                + " had before, as after `nomad job revert`");
    }

    @Test
    void anotherValueIsAManualChangeButNoRevert() {
        ManualChange change = ManualChange.between(List.of(new ValueSet("VERSION", "1.5.0", "1.6.0")), web("1.6.1-hotfix"))
                .orElseThrow();

        assertThat(change.revert()).isFalse();
        assertThat(change.moved()).containsExactly(new ManualChange.Moved("VERSION", "1.6.0", "1.6.1-hotfix", "1.5.0"));
    }

    @Test
    void aChangeElsewhereInTheJobLeavesWhatTheServiceOwnsAlone() {
        ObjectNode job = web("1.6.0");
        JobFixtures.group(job, 0).put("Count", 5);

        assertThat(ManualChange.between(List.of(new ValueSet("VERSION", "1.5.0", "1.6.0")), job)).isEmpty();
    }

    @Test
    void aDigestTheServiceSetAndSomeoneRevertedIsARevertToo() {
        String older = "sha256:" + "1".repeat(64);
        String newer = "sha256:" + "2".repeat(64);
        ObjectNode job = JobFixtures.web();
        JobFixtures.setImage(JobFixtures.task(job, 0, 0),
                "registry:5000/team/app:${NOMAD_META_TAG}@${NOMAD_META_TAG_DIGEST}");
        JobFixtures.meta(job).put("TAG", "latest").put("TAG_DIGEST", older);
        job.put("Version", 8);

        ManualChange change = ManualChange.between(List.of(new ValueSet("TAG_DIGEST", older, newer)), job)
                .orElseThrow();

        assertThat(change.revert()).isTrue();
        assertThat(change.moved()).containsExactly(new ManualChange.Moved("TAG_DIGEST", newer, older, older));
    }
}

package dev.nomaddeployer.discovery;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.nomaddeployer.nomad.JobKey;
import java.util.List;
import org.junit.jupiter.api.Test;

class UsagesJsonTest {
    private static final JobKey WEB = new JobKey("default", "web");
    private static final String DIGEST = "sha256:" + "a".repeat(64);

    @Test
    void aUsageFollowingADigestIsReadBackWithItsDigestKey() {
        ObjectNode job = JobFixtures.web();
        JobFixtures.meta(job).put("VERSION_DIGEST", DIGEST);
        JobFixtures.setImage(JobFixtures.task(job, 0, 0),
                "registry.example:5000/team/web:${NOMAD_META_VERSION}@${NOMAD_META_VERSION_DIGEST}");
        List<JobUsage> usages = JobUsages.of(job);

        assertThat(UsagesJson.read(WEB, UsagesJson.write(usages))).contains(usages);
        assertThat(usages.get(0).digest()).isEqualTo(new JobUsage.DigestKey("VERSION_DIGEST", MetaLevel.JOB, DIGEST));
    }

    @Test
    void aRowSavedBeforeDigestsWereFollowedStillLoads() {
        String saved = "[{\"group\":\"web\",\"task\":\"web\",\"image\":\"registry.example:5000/team/web:${NOMAD_META_VERSION}\","
                + "\"metaKey\":\"VERSION\",\"directives\":{},\"definedAt\":\"job\",\"currentValue\":\"1.5.0\"}]";

        assertThat(UsagesJson.read(WEB, saved)).contains(JobUsages.of(JobFixtures.web()));
    }

    @Test
    void aDigestImageSavedWithoutItsDigestKeyIsReadFromNomadAgain() {
        String saved = "[{\"group\":\"web\",\"task\":\"web\",\"image\":\"registry.example:5000/team/web:"
                + "${NOMAD_META_VERSION}@${NOMAD_META_VERSION_DIGEST}\",\"metaKey\":\"VERSION\",\"directives\":{},"
                + "\"definedAt\":\"job\",\"currentValue\":\"1.5.0\"}]";

        assertThat(UsagesJson.read(WEB, saved)).isEmpty();
    }
}

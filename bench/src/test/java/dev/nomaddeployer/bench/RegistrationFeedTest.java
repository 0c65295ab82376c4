package dev.nomaddeployer.bench;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

class RegistrationFeedTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private static JsonNode jobFrame(long index, String jobId, String version) throws Exception {
        return JSON.readTree("{\"Index\":" + index + ",\"Events\":[{\"Topic\":\"Job\",\"Type\":\"JobRegistered\","
                + "\"Key\":\"" + jobId + "\",\"Namespace\":\"default\",\"Index\":" + index + ",\"Payload\":{\"Job\":"
                + "{\"ID\":\"" + jobId + "\",\"Version\":1,\"Meta\":{\"VERSION\":\"" + version + "\"}}}}]}");
    }

    @Test
    void aJobEventYieldsTheJobAndItsMetaVersionWhileHeartbeatsAndOtherTopicsYieldNothing() throws Exception {
        JsonNode evaluation = JSON.readTree("{\"Index\":9,\"Events\":[{\"Topic\":\"Evaluation\",\"Type\":\"EvaluationUpdated\","
                + "\"Key\":\"e1\",\"Payload\":{\"Evaluation\":{\"ID\":\"e1\",\"JobID\":\"bench-1\"}}}]}");

        assertThat(RegistrationFeed.jobVersions(jobFrame(7, "bench-1", "3.0.5")))
                .containsExactly(new RegistrationFeed.JobVersion("bench-1", "3.0.5"));
        assertThat(RegistrationFeed.jobVersions(JSON.readTree("{}"))).isEmpty();
        assertThat(RegistrationFeed.jobVersions(evaluation)).isEmpty();
    }

    @Test
    void aJobIsRegisteredWhenItsNewVersionFirstArrivesNotWhenTheSchedulerRepeatsIt() throws Exception {
        RegistrationFeed feed = new RegistrationFeed(JSON);

        feed.accept(jobFrame(5, "bench-1", "0.0.0"), 100);
        feed.accept(jobFrame(8, "bench-1", "3.0.5"), 200);
        feed.accept(jobFrame(9, "bench-1", "3.0.5"), 300); // status and stability updates carry the same job
        feed.accept(jobFrame(12, "bench-1", "3.0.9"), 400);

        assertThat(feed.firstSeen("bench-1", "3.0.5"::equals)).isEqualTo(OptionalLong.of(200));
        assertThat(feed.firstSeen("bench-1", v -> ScaleScenario.seqOf(v) >= 6)).isEqualTo(OptionalLong.of(400));
        assertThat(feed.firstSeen("bench-1", "4.0.0"::equals)).isEmpty();
        assertThat(feed.firstSeen("bench-2", v -> true)).isEmpty();
    }

    @Test
    void aLaterPushOfTheSameJobCountsAsHavingPassedAnEarlierOne() {
        assertThat(ScaleScenario.seqOf(ScaleScenario.tag(42))).isEqualTo(42);
        assertThat(ScaleScenario.seqOf("0.0.0")).isEqualTo(-1);
        assertThat(ScaleScenario.seqOf("3.0.x")).isEqualTo(-1);
    }
}

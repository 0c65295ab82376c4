package dev.nomaddeployer.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.nomaddeployer.RunningDeployer;
import dev.nomaddeployer.discovery.JobFixtures;
import dev.nomaddeployer.testbed.nomad.NomadSim;
import dev.nomaddeployer.testbed.nomad.Registration;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Nomad commits a register but its answer never arrives. The retry finds the job already at the tag; the
 * history must still say what happened — registered, with the evaluation and job version Nomad created — and
 * Nomad must not get a second version.
 */
@Timeout(60)
class LostRegisterAnswerTest {
    @TempDir
    Path dir;

    @Test
    void registerWhoseAnswerWasLostIsRecordedWithTheEvalAndVersionNomadCreated() throws Exception {
        try (NomadSim nomad = NomadSim.builder().build().start()) {
            nomad.registerJob(JobFixtures.web());
            nomad.resetRecords();
            nomad.faults().loseAnswerToNextRegisterOf("default", "web");
            try (RunningDeployer service = RunningDeployer.start(dir, nomad.baseUrl(), List.of())) {
                assertThat(service.push("team/web", "1.6.0")).isEqualTo(200);
                await().atMost(Duration.ofSeconds(20)).until(() -> !service.history("web").isEmpty());
                service.awaitIdle();

                List<Registration> registrations = nomad.registrations();
                assertThat(registrations).as("one register reached Nomad").hasSize(1);
                assertThat(nomad.versions("default", "web")).hasSize(2);
                Registration made = registrations.get(0);
                assertThat(service.history("web")).singleElement().satisfies(entry -> {
                    assertStatus(entry, "registered");
                    assertThat(entry.path("job_version").asLong()).isEqualTo(made.version());
                    assertThat(entry.path("eval_id").asText()).isEqualTo(registerEval(nomad, made.jobModifyIndex()));
                    assertThat(entry.path("meta_key").asText()).isEqualTo("VERSION");
                    assertThat(entry.path("old_value").asText()).isEqualTo("1.5.0");
                    assertThat(entry.path("new_value").asText()).isEqualTo("1.6.0");
                    assertThat(entry.path("message").asText()).contains("answer was lost");
                });
            }
        }
    }

    @Test
    void jobSomeoneElseMovedToTheTagBeforeThePushIsStillAlreadyCurrent() throws Exception {
        try (NomadSim nomad = NomadSim.builder().build().start()) {
            var job = JobFixtures.web();
            job.with("Meta").put("VERSION", "1.6.0");
            nomad.registerJob(job);
            nomad.faults().failNext(1, 503, "No cluster leader");
            try (RunningDeployer service = RunningDeployer.start(dir, nomad.baseUrl(), List.of())) {
                assertThat(service.push("team/web", "1.6.0")).isEqualTo(200);
                await().atMost(Duration.ofSeconds(20)).until(() -> !service.history("web").isEmpty());
                assertThat(service.history("web")).singleElement().satisfies(entry ->
                        assertStatus(entry, "already_current"));
            }
        }
    }

    /** The ID of the evaluation Nomad created for the register that put the job at {@code jobModifyIndex}. */
    private static String registerEval(NomadSim nomad, long jobModifyIndex) throws Exception {
        HttpResponse<String> answer = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create(nomad.baseUrl() + "/v1/job/web/evaluations")).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString());
        for (JsonNode evaluation : new ObjectMapper().readTree(answer.body())) {
            if (evaluation.path("JobModifyIndex").asLong() == jobModifyIndex) {
                return evaluation.path("ID").asText();
            }
        }
        throw new AssertionError("no evaluation for JobModifyIndex " + jobModifyIndex + " in " + answer.body());
    }

    private static void assertStatus(JsonNode entry, String status) {
        assertThat(entry.path("status").asText()).isEqualTo(status);
    }
}

package dev.nomaddeployer.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.nomaddeployer.discovery.JobFixtures;
import dev.nomaddeployer.testbed.nomad.NomadSim;
import dev.nomaddeployer.testbed.nomad.Registration;
import dev.nomaddeployer.testbed.registry.ImagePusher;
import dev.nomaddeployer.testbed.registry.ManifestFormat;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * The burst the crash tests push through a real registry — job {@code svc-j} follows {@code team/svc-j}, round r
 * pushes tag {@code 1.0.r} — and what must hold after it, whatever broke in the middle.
 */
final class Bursts {
    private Bursts() {}

    /** {@code jobs} jobs in Nomad, {@code svc-0} … each running its own repository of {@code registryHost}. */
    static void registerJobs(NomadSim nomad, String registryHost, int jobs) {
        for (int j = 0; j < jobs; j++) {
            var job = JobFixtures.web();
            job.put("ID", "svc-" + j).put("Name", "svc-" + j);
            JobFixtures.setImage(JobFixtures.task(job, 0, 0), registryHost + "/team/svc-" + j + ":${NOMAD_META_VERSION}");
            nomad.registerJob(job);
        }
    }

    /** Round 1 pushes an image; later rounds tag the same manifest anew, as CI retags a build. */
    static void push(ImagePusher pusher, int job, int round) throws Exception {
        if (round == 1) {
            pusher.push("team/svc-" + job, "1.0.1", ManifestFormat.OCI, "svc-" + job);
        } else {
            pusher.tag("team/svc-" + job, "1.0.1", "1.0." + round);
        }
    }

    static void awaitEveryJobAt(NomadSim nomad, int jobs, int round, Supplier<String> log) {
        await().atMost(Duration.ofSeconds(180)).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
            for (int j = 0; j < jobs; j++) {
                assertThat(nomad.job("default", "svc-" + j).orElseThrow().path("Meta").path("VERSION").asText())
                        .as("svc-" + j + "\n" + log.get()).isEqualTo("1.0." + round);
            }
        });
    }

    static void assertExactlyOneRegisterPerJobAndTag(NomadSim nomad) {
        Map<String, Long> registersPerJobAndTag = nomad.registrations().stream().collect(Collectors.groupingBy(
                (Registration r) -> r.jobId() + ":" + r.meta().path("VERSION").asText(), Collectors.counting()));
        assertThat(registersPerJobAndTag).allSatisfy((jobAndTag, count) ->
                assertThat(count).as("registers of " + jobAndTag).isEqualTo(1L));
    }

    /** Every pushed tag of every job has a decision: applied, replaced by a newer push, or already there. */
    /**
     * Every register's rollout reached an end: rolled out, or cancelled by the next register while it deployed.
     * Followed to that end by whichever replica led at the time, across a restart or a change of leader.
     */
    static void assertEveryRolloutEnded(HistoryApi history, int jobs) {
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
            for (int j = 0; j < jobs; j++) {
                for (JsonNode d : history.forJob("svc-" + j)) {
                    if (d.path("status").asText().equals("registered")) {
                        assertThat(d.path("rollout").path("status").asText()).as("svc-" + j + " " + d.path("tag"))
                                .isIn("rolled_out", "cancelled");
                    }
                }
            }
        });
    }

    static void assertEveryPushIsInTheHistory(HistoryApi history, int jobs, int rounds) {
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
            for (int j = 0; j < jobs; j++) {
                List<JsonNode> decisions = history.forJob("svc-" + j);
                for (int round = 1; round <= rounds; round++) {
                    String tag = "1.0." + round;
                    assertThat(decisions).as("svc-" + j + " " + tag).anySatisfy(d -> {
                        assertThat(d.path("tag").asText()).isEqualTo(tag);
                        assertThat(d.path("status").asText()).isIn("registered", "superseded", "already_current");
                    });
                }
            }
        });
    }
}

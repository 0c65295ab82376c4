package dev.nomaddeployer.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.nomaddeployer.RunningDeployer;
import dev.nomaddeployer.discovery.JobFixtures;
import dev.nomaddeployer.testbed.nomad.NomadSim;
import dev.nomaddeployer.testbed.nomad.RecordedRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** {@code GET /metrics}: what an operator checks after pushes, as Prometheus reads it, and who may read it. */
@Timeout(60)
class MetricsEndpointTest {
    @TempDir
    Path dir;

    @Test
    void afterPushesTheMetricsCountWhatWasSentWhatWasDecidedAndWhatNomadWasAsked() throws Exception {
        try (NomadSim nomad = NomadSim.builder().build().start()) {
            nomad.registerJob(JobFixtures.web());
            nomad.registerJob(JobFixtures.api());
            nomad.resetRecords();
            try (RunningDeployer service = RunningDeployer.start(dir, nomad.baseUrl(), List.of())) {
                assertThat(service.pushRepeatedly("team/web", "1.6.0", 3)).isEqualTo(200);
                await().atMost(Duration.ofSeconds(20)).until(() -> !service.history("web").isEmpty());
                assertThat(service.push("team/web", "1.6.0")).as("the tag web runs already").isEqualTo(200);
                assertThat(service.push("team/nobody-runs-this", "1.0.0")).isEqualTo(200);
                assertThat(service.push("team/api", "3.3.0")).isEqualTo(200);
                service.awaitIdle();

                HttpResponse<String> answer = service.get("/metrics");
                assertThat(answer.statusCode()).isEqualTo(200);
                assertThat(answer.headers().firstValue("Content-Type")).hasValue("text/plain; version=0.0.4; charset=utf-8");
                PrometheusText metrics = PrometheusText.parse(answer.body());

                assertThat(metrics.type("nomad_deployer_pushes_total")).isEqualTo("counter");
                assertThat(metrics.value("nomad_deployer_pushes_total", "result", "accepted")).hasValue(4);
                assertThat(metrics.value("nomad_deployer_pushes_total", "result", "duplicate")).hasValue(2);
                assertThat(metrics.value("nomad_deployer_pushes_total", "result", "ignored")).hasValue(0);
                assertThat(metrics.value("nomad_deployer_notifications_total", "status", "200")).hasValue(6);

                assertThat(metrics.value("nomad_deployer_decisions_total", "outcome", "registered")).hasValue(2);
                assertThat(metrics.value("nomad_deployer_decisions_total", "outcome", "already_current")).hasValue(1);
                assertThat(metrics.value("nomad_deployer_decisions_total", "outcome", "skipped")).hasValue(1);
                assertThat(metrics.value("nomad_deployer_decisions_total", "outcome", "failed")).hasValue(0);

                List<RecordedRequest> seen = nomad.requests();
                assertThat(nomadRequests(metrics, "register_job"))
                        .isEqualTo(count(seen, r -> r.method().equals("POST") && r.path().matches("/v1/job/[^/]+")))
                        .isEqualTo(nomad.registrations().size())
                        .isEqualTo(2);
                assertThat(nomadRequests(metrics, "read_job"))
                        .isEqualTo(count(seen, r -> r.method().equals("GET") && r.path().matches("/v1/job/[^/]+")))
                        .isPositive();
                assertThat(nomadRequests(metrics, "list_jobs"))
                        .isEqualTo(count(seen, r -> r.method().equals("GET") && r.path().equals("/v1/jobs")))
                        .isPositive();
                assertThat(metrics.value("nomad_deployer_nomad_requests_seconds_count", "endpoint", "register_job",
                        "status", "4xx")).isEmpty();

                assertThat(metrics.value("nomad_deployer_index_jobs")).hasValue(2);
                assertThat(metrics.value("nomad_deployer_index_source", "source", "stream")).as("follows the event stream")
                        .hasValue(1);
                assertThat(metrics.value("nomad_deployer_index_source", "source", "polling")).hasValue(0);
                assertThat(metrics.value("nomad_deployer_targets_open")).hasValue(0);
                assertThat(metrics.value("nomad_deployer_targets_oldest_age_seconds")).hasValue(0);
                assertThat(metrics.value("nomad_deployer_inbox_pending")).hasValue(0);
                assertThat(metrics.value("nomad_deployer_store_commit_seconds_count").orElseThrow())
                        .as("at least one commit per stored notification and per decision").isGreaterThanOrEqualTo(8);
                assertThat(metrics.has("jvm_memory_used_bytes")).isTrue();
                assertThat(metrics.has("jvm_gc_memory_allocated_bytes_total")).isTrue();
                assertThat(metrics.has("jvm_threads_live_threads")).isTrue();
                assertThat(metrics.has("jvm_classes_loaded_classes")).isTrue();
                assertThat(metrics.has("process_cpu_usage")).isTrue();
            }
        }
    }

    @Test
    void decisionsAreCountedOnceHoweverOftenPrometheusScrapes() throws Exception {
        try (NomadSim nomad = NomadSim.builder().build().start()) {
            nomad.registerJob(JobFixtures.web());
            try (RunningDeployer service = RunningDeployer.start(dir, nomad.baseUrl(), List.of())) {
                assertThat(service.push("team/web", "1.6.0")).isEqualTo(200);
                service.awaitIdle();
                scrape(service);
                assertThat(service.push("team/web", "1.7.0")).isEqualTo(200);
                service.awaitIdle();

                PrometheusText metrics = scrape(service);
                assertThat(metrics.value("nomad_deployer_decisions_total", "outcome", "registered")).hasValue(2);
                assertThat(scrape(service).value("nomad_deployer_decisions_total", "outcome", "registered")).hasValue(2);
            }
        }
    }

    @Test
    void aPushNomadIsSlowToTakeShowsAsAnOpenTargetThatAges() throws Exception {
        try (NomadSim nomad = NomadSim.builder().build().start()) {
            nomad.registerJob(JobFixtures.web());
            try (RunningDeployer service = RunningDeployer.start(dir, nomad.baseUrl(), List.of())) {
                nomad.faults().latency(Duration.ofSeconds(2));
                assertThat(service.push("team/web", "1.6.0")).isEqualTo(200);

                await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(100)).untilAsserted(() -> {
                    PrometheusText metrics = scrape(service);
                    assertThat(metrics.value("nomad_deployer_targets_open")).hasValue(1);
                    assertThat(metrics.value("nomad_deployer_targets_oldest_age_seconds").orElseThrow()).isPositive();
                });
                nomad.faults().latency(Duration.ZERO);
                service.awaitIdle();
                PrometheusText metrics = scrape(service);
                assertThat(metrics.value("nomad_deployer_targets_open")).hasValue(0);
                assertThat(metrics.value("nomad_deployer_targets_oldest_age_seconds")).hasValue(0);
                assertThat(metrics.value("nomad_deployer_nomad_requests_seconds_sum", "endpoint", "read_job",
                        "status", "2xx").orElseThrow()).as("the slow read is in the latency").isGreaterThanOrEqualTo(2);
            }
        }
    }

    @Test
    void clientOutsideTheAllowedNetworksIsRefused() throws Exception {
        try (NomadSim nomad = NomadSim.builder().build().start();
             RunningDeployer service = RunningDeployer.start(dir, nomad.baseUrl(),
                     List.of("--server.allowed_networks=10.0.0.0/8"))) {
            HttpResponse<String> answer = service.get("/metrics");

            assertThat(answer.statusCode()).isEqualTo(403);
            assertThat(answer.body()).doesNotContain("nomad_deployer");
        }
    }

    @Test
    void theCallbackCredentialsAreNotNeededToScrapeButRefusedNotificationsAreCounted() throws Exception {
        try (NomadSim nomad = NomadSim.builder().build().start()) {
            List<String> flags = new ArrayList<>(RunningDeployer.flags(dir));
            flags.add("--nomad.url=" + nomad.baseUrl());
            flags.add("--server.allowed_networks=127.0.0.0/8,::1/128");
            flags.add("--registry.auth.token=registry-secret");
            try (RunningDeployer service = RunningDeployer.start(dir, flags, Map.of(),
                    Optional.of("Bearer registry-secret"))) {
                assertThat(service.push("team/web", "1.6.0", Optional.of("Bearer wrong"))).isEqualTo(401);
                assertThat(service.push("team/web", "1.6.0", Optional.empty())).isEqualTo(401);
                assertThat(service.push("team/web", "1.6.0")).isEqualTo(200);
                assertThat(service.get("/api/v1/deployments").statusCode()).as("the history still demands them")
                        .isEqualTo(401);

                PrometheusText metrics = scrape(service);
                assertThat(metrics.value("nomad_deployer_notifications_total", "status", "401")).hasValue(2);
                assertThat(metrics.value("nomad_deployer_notifications_total", "status", "200")).hasValue(1);
                assertThat(metrics.value("nomad_deployer_pushes_total", "result", "accepted")).hasValue(1);
            }
        }
    }

    private static PrometheusText scrape(RunningDeployer service) {
        HttpResponse<String> answer = service.get("/metrics");
        assertThat(answer.statusCode()).isEqualTo(200);
        return PrometheusText.parse(answer.body());
    }

    /** Requests to {@code endpoint} Nomad answered, whatever the status. */
    private static long nomadRequests(PrometheusText metrics, String endpoint) {
        double total = 0;
        for (String status : List.of("2xx", "3xx", "4xx", "5xx", "none")) {
            total += metrics.value("nomad_deployer_nomad_requests_seconds_count", "endpoint", endpoint, "status", status)
                    .orElse(0);
        }
        return Math.round(total);
    }

    private static long count(List<RecordedRequest> requests, Predicate<RecordedRequest> which) {
        return requests.stream().filter(which).count();
    }
}

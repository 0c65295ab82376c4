package dev.nomaddeployer.notify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.nomaddeployer.RunningDeployer;
import dev.nomaddeployer.metrics.PrometheusText;
import dev.nomaddeployer.store.Database;
import dev.nomaddeployer.store.JdbcNoticeOutbox;
import dev.nomaddeployer.testbed.nomad.NomadSim;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The service with the two-key webhook configured: it sends what the store's outbox holds and shows it in /metrics. */
@Timeout(120)
class NotificationsInTheServiceTest {
    @TempDir
    Path dir;

    @Test
    void theServiceSendsStoredNoticesToTheConfiguredWebhookAndCountsThemPerSink() throws Exception {
        try (NomadSim nomad = NomadSim.builder().build().start(); Receiver receiver = Receiver.started()) {
            receiver.answer(body -> 503);
            try (RunningDeployer service = RunningDeployer.start(dir, nomad.baseUrl(), List.of(
                    "--notify.webhook.url=" + receiver.url("/hook"), "--notify.webhook.secret=hmac-key",
                    "--notify.retry.initial=100ms", "--notify.retry.max=200ms"))) {
                // a producer outside the service's own transactions, on the same store file
                try (Database store = Database.openFile(dir.resolve("deployer.db"))) {
                    new JdbcNoticeOutbox(store).add(NotifierTest.notice(Notice.Kind.ROLLED_OUT, "web", "1.6.0"));
                }
                await().atMost(Duration.ofSeconds(60)).until(() -> receiver.requests().size() >= 2);
                PrometheusText failing = PrometheusText.parse(service.get("/metrics").body());
                assertThat(failing.value("nomad_deployer_notify_pending", "sink", "webhook")).hasValue(1);
                assertThat(failing.value("nomad_deployer_notify_sink_failing", "sink", "webhook").orElseThrow())
                        .isPositive();

                receiver.answer(body -> 200);
                await().atMost(Duration.ofSeconds(60)).until(() -> receiver.received().size() == 1);
                await().atMost(Duration.ofSeconds(60)).until(() -> PrometheusText.parse(service.get("/metrics").body())
                        .value("nomad_deployer_notify_pending", "sink", "webhook").orElse(-1) == 0);
                PrometheusText metrics = PrometheusText.parse(service.get("/metrics").body());
                assertThat(metrics.value("nomad_deployer_notify_deliveries_total", "sink", "webhook", "result",
                        "delivered")).hasValue(1);
                assertThat(metrics.value("nomad_deployer_notify_sink_failing", "sink", "webhook")).hasValue(0);
            }
        }
    }
}

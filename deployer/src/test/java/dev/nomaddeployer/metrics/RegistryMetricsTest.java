package dev.nomaddeployer.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import dev.nomaddeployer.image.RegistryHosts;
import dev.nomaddeployer.registryapi.Registries;
import dev.nomaddeployer.registryapi.RegistryEndpoint;
import dev.nomaddeployer.registryapi.RegistryReader;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** What /metrics shows of a registry that asked to slow down. */
@Timeout(30)
class RegistryMetricsTest {

    @Test
    void requestsAreCountedByAnswerAndTheBackOffShowsItsSecondsLeft() throws Exception {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/v2/", exchange -> {
            exchange.getResponseHeaders().add("Retry-After", "30");
            exchange.sendResponseHeaders(429, -1);
            exchange.close();
        });
        server.start();
        try (DeployerMetrics metrics = DeployerMetrics.ownOnly()) {
            String host = "127.0.0.1:" + server.getAddress().getPort();
            Clock clock = Clock.fixed(Instant.parse("2026-12-01T12:00:00Z"), ZoneOffset.UTC);
            Registries registries = new Registries(List.of(new RegistryEndpoint(URI.create("http://" + host),
                    Optional.empty(), Optional.empty())), new RegistryHosts(List.of()), Duration.ofSeconds(5), clock,
                    metrics::registryRequest);
            metrics.watchRegistries(registries, clock);
            PrometheusText before = PrometheusText.parse(metrics.scrape());
            assertThat(before.value("nomad_deployer_registry_requests_total", "registry", host, "answer", "ok"))
                    .hasValue(0);
            assertThat(before.value("nomad_deployer_registry_backoff_seconds", "registry", host)).hasValue(0);

            RegistryReader reader = registries.readers().get(0);
            reader.lookup("team/web", "latest");
            reader.listTags("team/web");

            PrometheusText after = PrometheusText.parse(metrics.scrape());
            assertThat(after.value("nomad_deployer_registry_requests_total", "registry", host, "answer",
                    "rate_limited")).hasValue(1);
            assertThat(after.value("nomad_deployer_registry_requests_total", "registry", host, "answer",
                    "refused_locally")).hasValue(1);
            assertThat(after.value("nomad_deployer_registry_backoff_seconds", "registry", host)).hasValue(30);
        } finally {
            server.stop(0);
        }
    }
}

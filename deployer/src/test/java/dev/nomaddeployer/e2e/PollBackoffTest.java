package dev.nomaddeployer.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpServer;
import dev.nomaddeployer.RunningDeployer;
import dev.nomaddeployer.discovery.JobFixtures;
import dev.nomaddeployer.testbed.nomad.NomadSim;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A registry that rate-limits the poll: its {@code Retry-After} is honoured, so no request reaches it again before
 * that time however often the poll comes round. (The CNCF registry has no rate limit; a JDK server plays one.)
 */
@Timeout(60)
class PollBackoffTest {
    @TempDir
    Path dir;
    NomadSim nomad;
    HttpServer limited;
    RunningDeployer deployer;
    final AtomicInteger listings = new AtomicInteger();

    @BeforeEach
    void start() throws Exception {
        nomad = NomadSim.builder().build().start();
        limited = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        limited.createContext("/v2/", exchange -> {
            if (exchange.getRequestURI().getPath().endsWith("/tags/list")) {
                listings.incrementAndGet();
            }
            exchange.getResponseHeaders().add("Retry-After", "3600");
            exchange.sendResponseHeaders(429, -1);
            exchange.close();
        });
        limited.start();
        ObjectNode job = JobFixtures.web();
        JobFixtures.meta(job).put("VERSION", "1.6.0").put("nomad-deployer.policy", "semver:^1");
        JobFixtures.setImage(JobFixtures.task(job, 0, 0), host() + "/team/web:${NOMAD_META_VERSION}");
        nomad.registerJob(job);
        deployer = RunningDeployer.start(dir, nomad.baseUrl(), List.of("--poll.interval=1s",
                "--registries=[{\"url\":\"http://" + host() + "\"}]"));
    }

    @AfterEach
    void stop() {
        if (deployer != null) {
            deployer.close();
        }
        if (limited != null) {
            limited.stop(0);
        }
        if (nomad != null) {
            nomad.close();
        }
    }

    @Test
    void aRetryAfterFromTheRegistryKeepsThePollAwayUntilItEnds() {
        await().atMost(Duration.ofSeconds(30)).until(() -> rounds("retry_later") >= 1 && rounds("backing_off") >= 3);

        assertThat(listings.get()).isEqualTo(1);
        assertThat(nomad.registrations()).isEmpty();
    }

    private String host() {
        return "127.0.0.1:" + limited.getAddress().getPort();
    }

    private double rounds(String result) {
        String metrics = deployer.get("/metrics").body();
        Matcher m = Pattern.compile("^nomad_deployer_poll_rounds_total\\{[^}]*registry=\"" + Pattern.quote(host())
                + "\"[^}]*result=\"" + result + "\"[^}]*} ([0-9.E+]+)$", Pattern.MULTILINE).matcher(metrics);
        return m.find() ? Double.parseDouble(m.group(1)) : 0;
    }
}

package dev.nomaddeployer.poll;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpServer;
import dev.nomaddeployer.deploy.AcceptedPush;
import dev.nomaddeployer.deploy.Inbox;
import dev.nomaddeployer.deploy.PushEvent;
import dev.nomaddeployer.discovery.JobIndex;
import dev.nomaddeployer.discovery.JobUsage;
import dev.nomaddeployer.discovery.MetaLevel;
import dev.nomaddeployer.image.ImageTemplate;
import dev.nomaddeployer.image.RegistryHosts;
import dev.nomaddeployer.leadership.Fence;
import dev.nomaddeployer.leadership.Leadership;
import dev.nomaddeployer.metrics.DeployerMetrics;
import dev.nomaddeployer.nomad.JobKey;
import dev.nomaddeployer.registryapi.Registries;
import dev.nomaddeployer.registryapi.RegistryEndpoint;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * One round of the poll over a registry played by a JDK server (tags, a digest per tag): who polls, what is entered,
 * and under which name. The real registry's part is in {@code e2e.ReconciliationPollTest}.
 */
@Timeout(30)
class TagPollTest {
    private static final String DIGEST = "sha256:" + "d".repeat(64);

    private HttpServer registry;
    private final List<String> requests = new CopyOnWriteArrayList<>();
    private final List<PushEvent> entered = new ArrayList<>();
    private Optional<Fence> fence = Optional.of(new Fence("replica-1", 1));
    private boolean warm = true;

    @BeforeEach
    void start() throws Exception {
        registry = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        registry.createContext("/v2/", exchange -> {
            requests.add(exchange.getRequestMethod() + " " + exchange.getRequestURI().getPath());
            if (exchange.getRequestURI().getPath().endsWith("/tags/list")) {
                byte[] body = "{\"name\":\"team/web\",\"tags\":[\"1.6.0\",\"1.7.0\",\"2.0.0\",\"latest\"]}"
                        .getBytes(StandardCharsets.UTF_8);
                exchange.getResponseHeaders().add("Content-Type", "application/json");
                exchange.sendResponseHeaders(200, body.length);
                exchange.getResponseBody().write(body);
            } else {
                exchange.getResponseHeaders().add("Docker-Content-Digest", DIGEST);
                exchange.sendResponseHeaders(200, -1);
            }
            exchange.close();
        });
        registry.start();
    }

    @AfterEach
    void stop() {
        registry.stop(0);
    }

    private String host() {
        return "127.0.0.1:" + registry.getAddress().getPort();
    }

    private TagPoll poll() {
        RegistryHosts hosts = new RegistryHosts(List.of());
        Registries registries = new Registries(List.of(new RegistryEndpoint(URI.create("http://" + host()),
                Optional.empty(), Optional.empty())), hosts, Duration.ofSeconds(5), Clock.systemUTC());
        Leadership leadership = new Leadership() {
            @Override
            public Optional<Fence> fence() {
                return fence;
            }

            @Override
            public void refused(Fence refused) {
                fence = Optional.empty();
            }
        };
        return new TagPoll(registries.readers(), hosts, new OneJob(), new Entered(), leadership, Duration.ofMinutes(5),
                () -> { }, DeployerMetrics.ownOnly(), Clock.systemUTC());
    }

    @Test
    void theLeaderListsAndEntersTheNewestAllowedTagUnderANameMadeOfWhatItIs() {
        try (TagPoll poll = poll()) {
            poll.round();
            poll.round();
        }

        assertThat(requests).containsExactly("GET /v2/team/web/tags/list", "HEAD /v2/team/web/manifests/1.7.0",
                "GET /v2/team/web/tags/list", "HEAD /v2/team/web/manifests/1.7.0");
        assertThat(entered).hasSize(2).allSatisfy(push -> {
            assertThat(push.source()).isEqualTo("poll");
            assertThat(push.registryHost()).isEqualTo(host());
            assertThat(push.repository()).isEqualTo("team/web");
            assertThat(push.tag()).isEqualTo("1.7.0");
            assertThat(push.digest()).isEqualTo(DIGEST);
        });
        assertThat(entered.get(0).eventId()).as("the next round's find is the same push").isEqualTo(
                entered.get(1).eventId());
    }

    @Test
    void aFollowerOrAColdIndexAsksTheRegistryNothing() {
        try (TagPoll poll = poll()) {
            fence = Optional.empty();
            poll.round();
            fence = Optional.of(new Fence("replica-1", 2));
            warm = false;
            poll.round();
        }

        assertThat(requests).isEmpty();
        assertThat(entered).isEmpty();
    }

    /** One job, web, on team/web at 1.6.0 under semver:^1. */
    private final class OneJob implements JobIndex {
        private final JobKey web = new JobKey("default", "web");

        @Override
        public boolean warm() {
            return warm;
        }

        @Override
        public List<JobKey> jobsUsing(String registryHost, String repository) {
            return registryHost.equals(host()) && repository.equals("team/web") ? List.of(web) : List.of();
        }

        @Override
        public List<String> repositoriesAt(String registryHost) {
            return registryHost.equals(host()) ? List.of("team/web") : List.of();
        }

        @Override
        public List<JobUsage> usagesOf(JobKey job) {
            String image = host() + "/team/web:${NOMAD_META_VERSION}";
            return List.of(new JobUsage("default", "web", "web", "web", image, ImageTemplate.parse(image).orElseThrow(),
                    "VERSION", MetaLevel.JOB, "1.6.0", Map.of("nomad-deployer.policy", "semver:^1")));
        }

        @Override
        public List<String> namespacesOf(String jobId) {
            return List.of("default");
        }

        @Override
        public List<JobKey> unreadable() {
            return List.of();
        }

        @Override
        public void learned(ObjectNode job, long jobModifyIndex) {
            throw new UnsupportedOperationException("the poll never writes to the index");
        }

        @Override
        public int size() {
            return 1;
        }
    }

    /** The inbox, as far as the poll uses it: what was entered. */
    private final class Entered implements Inbox {
        @Override
        public int accept(List<PushEvent> pushes, Instant receivedAt) {
            entered.addAll(pushes);
            return pushes.size();
        }

        @Override
        public List<AcceptedPush> pending(Instant now, int limit) {
            throw new UnsupportedOperationException("the poll only enters pushes");
        }

        @Override
        public int pendingCount() {
            throw new UnsupportedOperationException("the poll only enters pushes");
        }

        @Override
        public void expand(Fence fence, List<ExpandedPush> pushes, Instant now) {
            throw new UnsupportedOperationException("the poll only enters pushes");
        }

        @Override
        public int prune(Instant before) {
            throw new UnsupportedOperationException("the poll only enters pushes");
        }
    }
}

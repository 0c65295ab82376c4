package dev.nomaddeployer.registryapi;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A registry that answers 429 or 503 (the real one has no rate limit): what the reader then sends, counted by the
 * server, on a clock the test moves.
 */
@Timeout(30)
class TooManyRequestsTest {
    private static final String DIGEST = "sha256:" + "d".repeat(64);
    private static final Instant T0 = Instant.parse("2026-12-01T12:00:00Z");

    private HttpServer server;
    private final AtomicInteger received = new AtomicInteger();
    private volatile int status = 429;
    private volatile String retryAfter = "30";
    private final MutableClock clock = new MutableClock(T0);

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/v2/", this::answer);
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    @Test
    void afterA429NothingIsSentUntilItsRetryAfterHasPassed() throws Exception {
        CountingObserver observer = new CountingObserver();
        RegistryReader reader = reader(observer);
        assertThat(reader.lookup("team/web", "latest")).isInstanceOfSatisfying(RegistryFailure.RateLimited.class,
                limited -> assertThat(limited.retryAfter()).contains(Duration.ofSeconds(30)));
        status = 200;

        clock.advance(Duration.ofSeconds(29));
        assertThat(reader.lookup("team/web", "latest")).isInstanceOfSatisfying(RegistryFailure.RateLimited.class,
                limited -> {
                    assertThat(limited.retryAfter()).contains(Duration.ofSeconds(1));
                    assertThat(limited.detail()).contains("not sent");
                });
        assertThat(reader.listTags("team/web")).isInstanceOf(RegistryFailure.RateLimited.class);
        assertThat(received).as("requests the registry received").hasValue(1);
        assertThat(reader.backingOffUntil()).contains(T0.plusSeconds(30));

        clock.advance(Duration.ofSeconds(1));
        assertThat(reader.lookup("team/web", "latest")).isEqualTo(new TagLookup.Points(DIGEST));
        assertThat(received).hasValue(2);
        assertThat(reader.backingOffUntil()).isEmpty();
        assertThat(observer.answers).containsExactly(RegistryAnswer.RATE_LIMITED, RegistryAnswer.REFUSED_LOCALLY,
                RegistryAnswer.REFUSED_LOCALLY, RegistryAnswer.OK);
    }

    @Test
    void a429WithoutRetryAfterBacksOffByDefaultAndLongerEachTime() throws Exception {
        retryAfter = null;
        RegistryReader reader = reader(RegistryObserver.NONE);
        reader.lookup("team/web", "latest");
        assertThat(reader.backingOffUntil()).contains(T0.plus(RegistryBackoff.FIRST));

        clock.advance(RegistryBackoff.FIRST);
        reader.lookup("team/web", "latest");

        assertThat(received).hasValue(2);
        assertThat(reader.backingOffUntil()).contains(clock.instant().plus(RegistryBackoff.FIRST.multipliedBy(2)));
    }

    @Test
    void aRegistryThatIsNotServingIsBackedOffButStillAsked() throws Exception {
        status = 503;
        RegistryReader reader = reader(RegistryObserver.NONE);

        assertThat(reader.lookup("team/web", "latest")).isInstanceOf(RegistryFailure.Unreachable.class);
        assertThat(reader.backingOffUntil()).contains(T0.plus(RegistryBackoff.FIRST));
        assertThat(reader.listTags("team/web")).isInstanceOf(RegistryFailure.Unreachable.class);
        assertThat(received).hasValue(2);

        status = 200;
        reader.lookup("team/web", "latest");
        assertThat(reader.backingOffUntil()).isEmpty();
    }

    private RegistryReader reader(RegistryObserver observer) {
        return new RegistryReader(new RegistryEndpoint(URI.create("http://127.0.0.1:" + server.getAddress().getPort()),
                Optional.empty(), Optional.empty()), Duration.ofSeconds(5), clock, observer);
    }

    private void answer(HttpExchange exchange) throws IOException {
        received.incrementAndGet();
        int now = status;
        if (now == 429 && retryAfter != null) {
            exchange.getResponseHeaders().add("Retry-After", retryAfter);
        }
        if (now == 200) {
            exchange.getResponseHeaders().add("Docker-Content-Digest", DIGEST);
        }
        exchange.sendResponseHeaders(now, -1);
        exchange.close();
    }
}

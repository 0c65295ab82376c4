package dev.nomaddeployer.registryapi;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The distribution token flow as a registry behind a token service speaks it: 401 with a Bearer challenge, a token
 * from the realm for basic credentials, the HEAD again with the token. The server here plays registry and token
 * service at once, so the test controls expiry and counts tokens; the real registry in token mode, behind the
 * testbed's token server, is in {@link TagListingTest}.
 */
@Timeout(30)
class TokenChallengeTest {
    private static final String DIGEST = "sha256:" + "c".repeat(64);
    private static final String BASIC = "Basic " + Base64.getEncoder()
            .encodeToString("ci:pull-secret".getBytes(StandardCharsets.UTF_8));

    private HttpServer server;
    private final AtomicInteger tokensIssued = new AtomicInteger();
    private final List<String> tokenQueries = new CopyOnWriteArrayList<>();
    private volatile int expiresIn = 300;
    private volatile int manifestStatus = 200;
    private Instant now = Instant.parse("2026-12-01T12:00:00Z");

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/token", this::token);
        server.createContext("/v2/", this::manifest);
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    @Test
    void aBearerChallengeIsAnsweredWithATokenFromTheRealmForTheBasicCredentials() throws Exception {
        RegistryReader reader = reader(Optional.of("ci"), Optional.of("pull-secret"));

        assertThat(reader.lookup("team/web", "latest")).isEqualTo(new TagLookup.Points(DIGEST));
        assertThat(tokenQueries).containsExactly("service=testbed-registry&scope=repository%3Ateam%2Fweb%3Apull");
    }

    @Test
    void theTokenIsKeptUntilItExpires() throws Exception {
        expiresIn = 60;
        RegistryReader reader = reader(Optional.of("ci"), Optional.of("pull-secret"));
        reader.lookup("team/web", "latest");
        reader.lookup("team/web", "latest");
        assertThat(tokensIssued).hasValue(1);

        now = now.plusSeconds(61);
        assertThat(reader.lookup("team/web", "latest")).isEqualTo(new TagLookup.Points(DIGEST));

        assertThat(tokensIssued).hasValue(2);
    }

    @Test
    void aTokenServiceThatRefusesTheCredentialsIsUnauthorized() throws Exception {
        TagLookup lookup = reader(Optional.of("ci"), Optional.of("wrong")).lookup("team/web", "latest");

        assertThat(lookup).isInstanceOfSatisfying(RegistryFailure.Unauthorized.class, refused -> {
            assertThat(refused.credentialsSent()).isTrue();
            assertThat(refused.detail()).contains("token service", "401");
        });
        assertThat(lookup.retryable()).isFalse();
    }

    @Test
    void tooManyRequestsIsRateLimitedWithTheRegistrysRetryAfter() throws Exception {
        manifestStatus = 429;

        assertThat(reader(Optional.of("ci"), Optional.of("pull-secret")).lookup("team/web", "latest"))
                .isInstanceOfSatisfying(RegistryFailure.RateLimited.class,
                        limited -> assertThat(limited.retryAfter()).contains(Duration.ofSeconds(30)));
    }

    @Test
    void aServerErrorIsUnreachableAndWorthAskingAgain() throws Exception {
        manifestStatus = 503;

        TagLookup lookup = reader(Optional.of("ci"), Optional.of("pull-secret")).lookup("team/web", "latest");

        assertThat(lookup).isInstanceOf(RegistryFailure.Unreachable.class);
        assertThat(lookup.retryable()).isTrue();
    }

    private RegistryReader reader(Optional<String> user, Optional<String> password) {
        URI url = URI.create("http://127.0.0.1:" + server.getAddress().getPort());
        Clock clock = new Clock() {
            public ZoneOffset getZone() {
                return ZoneOffset.UTC;
            }

            public Clock withZone(java.time.ZoneId zone) {
                return this;
            }

            public Instant instant() {
                return now;
            }
        };
        return new RegistryReader(new RegistryEndpoint(url, user, password), Duration.ofSeconds(5), clock);
    }

    private void token(HttpExchange exchange) throws IOException {
        if (!BASIC.equals(exchange.getRequestHeaders().getFirst("Authorization"))) {
            reply(exchange, 401, "{\"errors\":[{\"code\":\"UNAUTHORIZED\"}]}");
            return;
        }
        tokenQueries.add(exchange.getRequestURI().getRawQuery());
        String token = "token-" + tokensIssued.incrementAndGet();
        reply(exchange, 200, "{\"token\":\"" + token + "\",\"expires_in\":" + expiresIn + "}");
    }

    private void manifest(HttpExchange exchange) throws IOException {
        String authorization = exchange.getRequestHeaders().getFirst("Authorization");
        String current = "Bearer token-" + tokensIssued.get();
        if (tokensIssued.get() == 0 || !current.equals(authorization)) {
            exchange.getResponseHeaders().add("WWW-Authenticate", "Bearer realm=\"http://127.0.0.1:"
                    + server.getAddress().getPort() + "/token\",service=\"testbed-registry\","
                    + "scope=\"repository:team/web:pull\"");
            reply(exchange, 401, "");
            return;
        }
        if (!exchange.getRequestHeaders().getFirst("Accept").contains("application/vnd.oci.image.index.v1+json")) {
            reply(exchange, 400, "");
            return;
        }
        if (manifestStatus == 429) {
            exchange.getResponseHeaders().add("Retry-After", "30");
        }
        exchange.getResponseHeaders().add("Docker-Content-Digest", DIGEST);
        reply(exchange, manifestStatus, "");
    }

    private static void reply(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        boolean head = exchange.getRequestMethod().equals("HEAD");
        exchange.sendResponseHeaders(status, head || bytes.length == 0 ? -1 : bytes.length);
        if (!head && bytes.length > 0) {
            exchange.getResponseBody().write(bytes);
        }
        exchange.close();
    }
}

package dev.nomaddeployer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.util.ContextInitializer;
import ch.qos.logback.core.joran.spi.JoranException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.nomaddeployer.config.Settings;
import dev.nomaddeployer.config.SettingsLoader;
import dev.nomaddeployer.discovery.JobFixtures;
import dev.nomaddeployer.log.SecretRedactor;
import dev.nomaddeployer.testbed.nomad.Acl;
import dev.nomaddeployer.testbed.nomad.NomadSim;
import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.assertj.core.api.AbstractStringAssert;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.slf4j.LoggerFactory;

/**
 * No secret reaches the log at any level, in either format, whichever library writes the line: the Nomad token,
 * the callback credentials (from flags and from files), and credentials someone presented, in headers, cookies
 * and query parameters. Nor is one shown in printed output.
 */
@Timeout(60)
class SecretsNeverLoggedTest {
    private static final String NOMAD_TOKEN = "s3cr3t-nomad-token-XYZ";
    private static final String CALLBACK_TOKEN = "s3cr3t-callback-token-XYZ";
    private static final String CALLBACK_USER = "registry";
    private static final String CALLBACK_PASSWORD = "s3cr3t-callback-password-XYZ";
    private static final String BASIC = Base64.getEncoder()
            .encodeToString((CALLBACK_USER + ":" + CALLBACK_PASSWORD).getBytes(StandardCharsets.UTF_8));
    /** Not configured anywhere, but a credential someone presented must not be echoed either. */
    private static final String GUESSED = "s3cr3t-guessed-token-XYZ";
    private static final String GUESSED_BASIC = Base64.getEncoder()
            .encodeToString((CALLBACK_USER + ":" + GUESSED).getBytes(StandardCharsets.UTF_8));
    private static final String QUERY_TOKEN = "s3cr3t-query-token-XYZ";
    private static final String COOKIE = "s3cr3t-cookie-value-XYZ";
    private static final String PROXY_CREDENTIALS = "s3cr3t-proxy-credentials-XYZ";
    private static final String PRESENTED_NOMAD_TOKEN = "s3cr3t-presented-nomad-token-XYZ";
    private static final List<String> SECRETS = List.of(NOMAD_TOKEN, CALLBACK_TOKEN, CALLBACK_PASSWORD, BASIC, GUESSED,
            GUESSED_BASIC, QUERY_TOKEN, COOKIE, PROXY_CREDENTIALS, PRESENTED_NOMAD_TOKEN);

    @TempDir
    Path dir;

    private final ByteArrayOutputStream logOutput = new ByteArrayOutputStream();

    private static void assertNoSecretIn(String text) {
        AbstractStringAssert<?> assertion = assertThat(text);
        SECRETS.forEach(assertion::doesNotContain);
        // a secret cut short, or cut by a buffer dump, or masked by halves is still a leak worth knowing about
        SECRETS.forEach(secret -> assertion.doesNotContain(secret.substring(0, secret.length() / 2 + 1)));
        SECRETS.forEach(secret -> assertion.doesNotContain(secret.substring(secret.length() / 2 - 1)));
    }

    /** {@code log.level=trace} as the service applies it, the console being {@link #logOutput}. */
    private void traceLikeAnOperatorDebuggingTheService(String format, Settings settings) {
        LogSetup.apply("trace", format, Main.secretsOf(settings), logOutput);
    }

    private String logged() {
        return logOutput.toString(StandardCharsets.UTF_8);
    }

    @AfterEach
    void restoreDefaultLogging() throws JoranException {
        LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
        context.reset();
        new ContextInitializer(context).autoConfig();
    }

    @ParameterizedTest(name = "log.format={0}")
    @ValueSource(strings = {"text", "json"})
    void pushesAcceptedRefusedAndRedeployedLogNoSecretOfAnyKindEvenAtTraceLevel(String format) throws Exception {
        Path nomadTokenFile = Files.writeString(dir.resolve("nomad-token"), NOMAD_TOKEN + "\n");
        try (NomadSim nomad = NomadSim.builder().managementToken("management").build().start()) {
            nomad.acl().addToken(NOMAD_TOKEN, "deployer",
                    Map.of("*", Set.of(Acl.LIST_JOBS, Acl.READ_JOB, Acl.SUBMIT_JOB)));
            nomad.registerJob(JobFixtures.web());
            List<String> flags = new ArrayList<>(RunningDeployer.flags(dir));
            flags.addAll(List.of("--nomad.url=" + nomad.baseUrl(), "--nomad.token_file=" + nomadTokenFile,
                    "--registry.auth.token=" + CALLBACK_TOKEN, "--registry.auth.username=" + CALLBACK_USER,
                    "--registry.auth.password=" + CALLBACK_PASSWORD));
            traceLikeAnOperatorDebuggingTheService(format,
                    SettingsLoader.load(flags.toArray(String[]::new), Map.of(), dir).settings());
            try (RunningDeployer service = RunningDeployer.start(dir, flags, Map.of(), Optional.empty())) {
                assertThat(service.push("team/web", "3.1.0", Optional.of("Bearer " + GUESSED))).isEqualTo(401);
                assertThat(service.push("team/web", "3.1.0", Optional.of("Basic " + GUESSED_BASIC))).isEqualTo(401);
                assertThat(service.push("team/web", "3.1.0", Optional.of("Bearer " + CALLBACK_TOKEN)))
                        .isEqualTo(200);
                assertThat(service.push("team/web", "3.2.0", Optional.of("Basic " + BASIC))).isEqualTo(200);
                assertThat(headersThenBody(service, "/registry/callback?token=" + QUERY_TOKEN,
                        "Cookie: session=" + COOKIE, "Proxy-Authorization: Basic " + PROXY_CREDENTIALS,
                        "X-Nomad-Token: " + PRESENTED_NOMAD_TOKEN, "Authorization: Bearer " + CALLBACK_TOKEN))
                        .isEqualTo(200);
                assertThat(headersThenBody(service, "/registry/callback", "Authorization: Bearer " + GUESSED))
                        .isEqualTo(401);
                await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> assertThat(
                        nomad.job("default", "web").orElseThrow().path("Meta").path("VERSION").asText())
                        .isEqualTo("3.3.0"));
                service.awaitIdle();
                // a library that puts a secret into an exception: message and stack trace go through the same encoder
                LoggerFactory.getLogger("some.library").warn("call failed",
                        new IllegalStateException("refused", new RuntimeException("token " + NOMAD_TOKEN + " expired")));
            }
        }
        String logged = logged();
        assertThat(logged).contains("event=redeploy").contains("event=push_received")
                .contains("event=request_unauthorized").contains("call failed").contains("expired")
                .as("Jetty's own debug output is written too").contains("SocketChannelEndPoint").contains("HttpParser")
                .as("what was masked is shown as masked").contains("Bearer " + SecretRedactor.MASK);
        assertNoSecretIn(logged);
        if (format.equals("json")) {
            ObjectMapper json = new ObjectMapper();
            for (String line : logged.split("\n")) {
                assertThat(json.readTree(line).path("message").isTextual()).as(line).isTrue();
            }
        }
    }

    /**
     * POSTs a notification whose head and body arrive separately, as a slow client's do: Jetty then fills its
     * buffer with the head alone, and its dump of that buffer is cut inside the last header.
     */
    private static int headersThenBody(RunningDeployer service, String pathAndQuery, String... headers)
            throws IOException, InterruptedException {
        byte[] body = RunningDeployer.notification(RunningDeployer.REGISTRY, "team/web", "3.3.0", Instant.now());
        StringBuilder head = new StringBuilder("POST " + pathAndQuery + " HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                + "Content-Type: application/vnd.docker.distribution.events.v1+json\r\nContent-Length: " + body.length
                + "\r\nConnection: close\r\n");
        for (String header : headers) {
            head.append(header).append("\r\n");
        }
        try (Socket socket = new Socket("127.0.0.1", service.app().address().getPort())) {
            socket.setSoTimeout(10_000);
            socket.setTcpNoDelay(true);
            OutputStream out = socket.getOutputStream();
            out.write(head.append("\r\n").toString().getBytes(StandardCharsets.US_ASCII));
            out.flush();
            Thread.sleep(100); // lets the head go out as a segment of its own; the outcome does not depend on it
            out.write(body);
            out.flush();
            String status = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII))
                    .readLine();
            return Integer.parseInt(status.split(" ")[1]);
        }
    }

    @ParameterizedTest(name = "log.format={0}")
    @ValueSource(strings = {"text", "json"})
    void aWebhookSourcesSecretInThePathOrAHeaderNeverReachesTheLogEvenAtTraceLevel(String format) throws Exception {
        String pathSecret = "s3cr3t-dockerhub-path-XYZ";
        String headerSecret = "s3cr3t-harbor-header-XYZ";
        try (NomadSim nomad = NomadSim.builder().build().start()) {
            List<String> flags = new ArrayList<>(RunningDeployer.flags(dir));
            flags.addAll(List.of("--nomad.url=" + nomad.baseUrl(), "--webhooks.dockerhub.secret=" + pathSecret,
                    "--webhooks.harbor.secret=" + headerSecret));
            traceLikeAnOperatorDebuggingTheService(format,
                    SettingsLoader.load(flags.toArray(String[]::new), Map.of(), dir).settings());
            try (RunningDeployer service = RunningDeployer.start(dir, flags, Map.of(), Optional.empty())) {
                String dockerHub = """
                        {"push_data": {"pushed_at": 1764612000, "pusher": "ci", "tag": "1.7.0"},
                         "repository": {"repo_name": "team/app", "namespace": "team", "name": "app"}}""";
                assertThat(post(service, "/webhooks/dockerhub/" + pathSecret, dockerHub)).isEqualTo(200);
                assertThat(post(service, "/webhooks/dockerhub/" + pathSecret + "-wrong", dockerHub)).isEqualTo(401);
                String harbor = """
                        {"type": "PUSH_ARTIFACT", "occur_at": 1764612000, "event_data": {"repository":
                         {"repo_full_name": "team/app"}, "resources": [{"tag": "1.7.1",
                         "resource_url": "harbor.example/team/app:1.7.1"}]}}""";
                assertThat(post(service, "/webhooks/harbor", harbor, "Authorization", "Bearer " + headerSecret))
                        .isEqualTo(200);
                assertThat(post(service, "/webhooks/harbor", harbor, "Authorization", "Bearer " + headerSecret
                        + "-wrong")).isEqualTo(401);
            }
        }
        String logged = logged();
        assertThat(logged).contains("event=push_received source=dockerhub").contains("source=harbor")
                .contains("event=webhook_unauthorized").contains("/webhooks/dockerhub/" + SecretRedactor.MASK);
        for (String secret : List.of(pathSecret, headerSecret)) {
            assertThat(logged).doesNotContain(secret).doesNotContain(secret.substring(0, secret.length() / 2 + 1))
                    .doesNotContain(secret.substring(secret.length() / 2 - 1));
        }
    }

    private static int post(RunningDeployer service, String path, String body, String... headers) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
                + service.app().address().getPort() + path)).timeout(Duration.ofSeconds(10))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body));
        if (headers.length > 0) {
            request.headers(headers);
        }
        return HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    @Test
    void theRedactorKnowsEveryRegistryReadPasswordAndItsBasicPair() throws Exception {
        String password = "s3cr3t-registry-read-XYZ";
        Settings settings = SettingsLoader.load(new String[] {"--registries=[{\"url\":\"https://registry.example\","
                + "\"username\":\"ci\",\"password\":\"" + password + "\"}]"}, Map.of(), dir).settings();

        assertThat(Main.secretsOf(settings)).contains(password, Base64.getEncoder()
                .encodeToString(("ci:" + password).getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void printConfigShowsSecretsFromFlagsFilesAndSecretFilesOnlyMasked() throws Exception {
        Path tokenFile = Files.writeString(dir.resolve("nomad-token"), NOMAD_TOKEN + "\n");
        Path config = Files.writeString(dir.resolve("deployer.yaml"), """
                registry:
                  auth:
                    username: %s
                    password: %s
                """.formatted(CALLBACK_USER, CALLBACK_PASSWORD));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        traceLikeAnOperatorDebuggingTheService("text", SettingsLoader.load(new String[] {"--config=" + config,
                "--nomad.token_file=" + tokenFile, "--registry.auth.token=" + CALLBACK_TOKEN}, Map.of(), dir).settings());

        int code = Main.run(new String[] {"--print-config", "--config=" + config, "--nomad.token_file=" + tokenFile,
                "--registry.auth.token=" + CALLBACK_TOKEN}, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));

        String printed = out.toString(StandardCharsets.UTF_8) + err.toString(StandardCharsets.UTF_8) + logged();
        assertThat(code).as(printed).isZero();
        assertThat(printed).containsPattern("nomad\\.token +=.*\\*\\*\\*\\*")
                .containsPattern("registry\\.auth\\.password +=.*\\*\\*\\*\\*")
                .containsPattern("registry\\.auth\\.token +=.*\\*\\*\\*\\*");
        assertNoSecretIn(printed);
    }

    @Test
    void configurationErrorsNameTheKeyButNeverEchoASecret() {
        // secrets the redactor does not know: a broken configuration has no settings to take them from
        LogSetup.apply("trace", "text", List.of(), logOutput);
        List<List<String>> commandLines = List.of(
                List.of("--nomad.url=not-a-url", "--nomad.token=" + NOMAD_TOKEN),
                List.of("--nomad.tokn=" + NOMAD_TOKEN),
                List.of("--registry.auth.password=" + CALLBACK_PASSWORD, "--nomad.timeout=soon"),
                List.of("--registry.auth.token=" + CALLBACK_TOKEN, "--registry.auth.token_file=/nonexistent/token"));
        for (List<String> args : commandLines) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ByteArrayOutputStream err = new ByteArrayOutputStream();

            int code = Main.run(args.toArray(String[]::new), new PrintStream(out, true, StandardCharsets.UTF_8),
                    new PrintStream(err, true, StandardCharsets.UTF_8));

            String printed = out.toString(StandardCharsets.UTF_8) + err.toString(StandardCharsets.UTF_8) + logged();
            assertThat(code).as("%s -> %s", args, printed).isEqualTo(2);
            assertThat(printed).as("%s", args).contains("nomad-deployer:");
            assertNoSecretIn(printed);
        }
    }
}

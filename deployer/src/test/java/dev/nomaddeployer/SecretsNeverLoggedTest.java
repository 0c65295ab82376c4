package dev.nomaddeployer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.util.ContextInitializer;
import ch.qos.logback.core.joran.spi.JoranException;
import dev.nomaddeployer.discovery.JobFixtures;
import dev.nomaddeployer.security.LogCapture;
import dev.nomaddeployer.testbed.nomad.Acl;
import dev.nomaddeployer.testbed.nomad.NomadSim;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.assertj.core.api.AbstractStringAssert;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/** The Nomad token and the callback credentials never show up in logs or printed output. */
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
    private static final List<String> SECRETS = List.of(NOMAD_TOKEN, CALLBACK_TOKEN, CALLBACK_PASSWORD, BASIC, GUESSED);

    @TempDir
    Path dir;

    private static void assertNoSecretIn(String text) {
        AbstractStringAssert<?> assertion = assertThat(text);
        SECRETS.forEach(assertion::doesNotContain);
        // a secret cut short or masked by halves is still a leak worth knowing about
        SECRETS.forEach(secret -> assertion.doesNotContain(secret.substring(0, secret.length() / 2 + 1)));
    }

    private List<String> secretFlags() {
        return List.of("--nomad.token=" + NOMAD_TOKEN, "--registry.auth.token=" + CALLBACK_TOKEN,
                "--registry.auth.username=" + CALLBACK_USER, "--registry.auth.password=" + CALLBACK_PASSWORD);
    }

    /** {@code log.level=trace} as the service applies it, undone afterwards for the tests that follow. */
    @BeforeEach
    void traceLikeAnOperatorDebuggingTheService() {
        LogSetup.apply("trace", "text");
        // the levels stay as the service sets them; only the console copy is dropped, the capture reads them
        ((LoggerContext) LoggerFactory.getILoggerFactory()).getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME)
                .detachAppender("console");
    }

    @AfterEach
    void restoreDefaultLogging() throws JoranException {
        LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
        context.reset();
        new ContextInitializer(context).autoConfig();
    }

    @Test
    void pushesAcceptedRefusedAndRedeployedLogNoSecretEvenAtTraceLevel() throws Exception {
        try (NomadSim nomad = NomadSim.builder().managementToken("management").build().start();
             LogCapture log = LogCapture.startVerbose()) {
            nomad.acl().addToken(NOMAD_TOKEN, "deployer",
                    Map.of("*", Set.of(Acl.LIST_JOBS, Acl.READ_JOB, Acl.SUBMIT_JOB)));
            nomad.registerJob(JobFixtures.web());
            List<String> flags = new ArrayList<>(RunningDeployer.flags(dir));
            flags.add("--nomad.url=" + nomad.baseUrl());
            flags.addAll(secretFlags());
            try (RunningDeployer service = RunningDeployer.start(dir, flags, Map.of(), Optional.empty())) {
                assertThat(service.push("team/web", "3.1.0", Optional.of("Bearer " + GUESSED))).isEqualTo(401);
                assertThat(service.push("team/web", "3.1.0", Optional.of("Basic " + Base64.getEncoder()
                        .encodeToString((CALLBACK_USER + ":" + GUESSED).getBytes(StandardCharsets.UTF_8)))))
                        .isEqualTo(401);
                assertThat(service.push("team/web", "3.1.0", Optional.of("Bearer " + CALLBACK_TOKEN)))
                        .isEqualTo(200);
                assertThat(service.push("team/web", "3.2.0", Optional.of("Basic " + BASIC))).isEqualTo(200);
                await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> assertThat(
                        nomad.job("default", "web").orElseThrow().path("Meta").path("VERSION").asText())
                        .isEqualTo("3.2.0"));
                service.awaitIdle();
            }
            String logged = log.text();
            assertThat(logged).contains("event=redeploy").contains("event=push_received")
                    .as("Jetty's own debug output is captured too").contains("org.eclipse.jetty");
            assertNoSecretIn(logged);
        }
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

        int code = Main.run(new String[] {"--print-config", "--config=" + config, "--nomad.token_file=" + tokenFile,
                "--registry.auth.token=" + CALLBACK_TOKEN}, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));

        String printed = out.toString(StandardCharsets.UTF_8) + err.toString(StandardCharsets.UTF_8);
        assertThat(code).as(printed).isZero();
        assertThat(printed).containsPattern("nomad\\.token +=.*\\*\\*\\*\\*")
                .containsPattern("registry\\.auth\\.password +=.*\\*\\*\\*\\*")
                .containsPattern("registry\\.auth\\.token +=.*\\*\\*\\*\\*");
        assertNoSecretIn(printed);
    }

    @Test
    void configurationErrorsNameTheKeyButNeverEchoASecret() {
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

            String printed = out.toString(StandardCharsets.UTF_8) + err.toString(StandardCharsets.UTF_8);
            assertThat(code).as("%s -> %s", args, printed).isEqualTo(2);
            assertThat(printed).as("%s", args).contains("nomad-deployer:");
            assertNoSecretIn(printed);
        }
    }
}

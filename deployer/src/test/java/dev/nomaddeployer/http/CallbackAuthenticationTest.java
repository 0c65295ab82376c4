package dev.nomaddeployer.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nomaddeployer.config.RegistryAuth;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Who may notify and read the history, over HTTP against the real listener and inbox. */
@Timeout(20)
class CallbackAuthenticationTest {
    static final String TOKEN = "t0ken-Sekr1t-xyz";
    static final String USER = "registry";
    static final String PASSWORD = "pa55-W0rd-qrs";

    @TempDir
    static Path dir;
    private static Listener bearerOnly;
    private static Listener basicOnly;
    private static Listener both;
    private static Listener open;

    @BeforeAll
    @Timeout(20)
    static void startListeners() throws Exception {
        bearerOnly = Listener.start(dir.resolve("bearer"), Listener.withAuth(Listener.bearer(TOKEN)));
        basicOnly = Listener.start(dir.resolve("basic"), Listener.withAuth(Listener.basic(USER, PASSWORD)));
        both = Listener.start(dir.resolve("both"), Listener.withAuth(
                new RegistryAuth(Optional.of(TOKEN), Optional.of(USER), Optional.of(PASSWORD))));
        open = Listener.start(dir.resolve("open"), Listener.options());
    }

    @AfterAll
    @Timeout(20)
    static void stopListeners() throws Exception {
        Listener.closeAll(bearerOnly, basicOnly, both, open);
    }

    static String basicHeader(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    static Stream<Arguments> refusedWithBearerConfigured() {
        return Stream.of(
                Arguments.of("no header", null),
                Arguments.of("empty header", ""),
                Arguments.of("wrong token", "Bearer not-the-token"),
                Arguments.of("token with a character more", "Bearer " + TOKEN + "x"),
                Arguments.of("token with a character less", "Bearer " + TOKEN.substring(1)),
                Arguments.of("token in another case", "Bearer " + TOKEN.toUpperCase()),
                Arguments.of("scheme without token", "Bearer"),
                Arguments.of("scheme and space without token", "Bearer "),
                Arguments.of("two spaces after the scheme", "Bearer  " + TOKEN),
                Arguments.of("tab after the scheme", "Bearer\t" + TOKEN),
                Arguments.of("token without scheme", TOKEN),
                Arguments.of("token twice", "Bearer " + TOKEN + " " + TOKEN),
                Arguments.of("token as basic credentials", basicHeader(USER, TOKEN)),
                Arguments.of("unknown scheme", "Token " + TOKEN));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("refusedWithBearerConfigured")
    void callbackWithoutTheRightBearerTokenIsRefusedAndNothingStored(String what, String authorization)
            throws Exception {
        long before = bearerOnly.lastSeq();

        HttpResponse<String> response = notify(bearerOnly, authorization);

        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(response.headers().allValues("WWW-Authenticate")).containsExactly("Bearer realm=\"nomad-deployer\"");
        assertThat(bearerOnly.storedAfter(before)).isEmpty();
    }

    @Test
    void refusalClosesTheConnectionSoThatTheUnreadBodyIsNotTakenForTheNextRequest() throws Exception {
        byte[] body = Notification.push();
        try (RawHttp http = new RawHttp(bearerOnly.port(), Duration.ofSeconds(5))) {
            RawHttp.Reply reply = http.send(RawHttp.callbackHead("Content-Length: " + body.length)).read();

            assertThat(reply.status()).isEqualTo(401);
            assertThat(reply.headers()).containsEntry("connection", "close");
        }
    }

    @Test
    void callbackWithTheRightBearerTokenIsStored() throws Exception {
        long before = bearerOnly.lastSeq();

        HttpResponse<String> response = notify(bearerOnly, "Bearer " + TOKEN);

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(bearerOnly.storedAfter(before)).extracting(Listener.StoredName::tag).containsExactly("3.1.0");
    }

    @Test
    void headerNameAndSchemeAreMatchedWithoutRegardToCase() throws Exception {
        long before = bearerOnly.lastSeq();

        int lower = bearerOnly.notify(Notification.push(), "authorization", "bearer " + TOKEN).statusCode();
        int upper = bearerOnly.notify(Notification.push(), "AUTHORIZATION", "BEARER " + TOKEN).statusCode();

        assertThat(List.of(lower, upper)).containsOnly(200);
        assertThat(bearerOnly.storedAfter(before)).hasSize(2);
    }

    static Stream<Arguments> refusedWithBasicConfigured() {
        return Stream.of(
                Arguments.of("no header", null),
                Arguments.of("wrong password", basicHeader(USER, "wrong")),
                Arguments.of("right password, wrong user", basicHeader("someone", PASSWORD)),
                Arguments.of("right password, user in another case", basicHeader(USER.toUpperCase(), PASSWORD)),
                Arguments.of("password in another case", basicHeader(USER, PASSWORD.toUpperCase())),
                Arguments.of("empty password", basicHeader(USER, "")),
                Arguments.of("password as bearer token", "Bearer " + PASSWORD),
                Arguments.of("user and password without base64", "Basic " + USER + ":" + PASSWORD),
                Arguments.of("no separator", "Basic " + Base64.getEncoder().encodeToString(
                        (USER + PASSWORD).getBytes(StandardCharsets.UTF_8))),
                Arguments.of("two spaces after the scheme", "Basic  " + basicHeader(USER, PASSWORD).substring(6)),
                Arguments.of("empty credentials", "Basic "));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("refusedWithBasicConfigured")
    void callbackWithoutTheRightBasicCredentialsIsRefusedAndNothingStored(String what, String authorization)
            throws Exception {
        long before = basicOnly.lastSeq();

        HttpResponse<String> response = notify(basicOnly, authorization);

        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(response.headers().allValues("WWW-Authenticate"))
                .containsExactly("Basic realm=\"nomad-deployer\", charset=\"UTF-8\"");
        assertThat(basicOnly.storedAfter(before)).isEmpty();
    }

    @Test
    void callbackWithTheRightBasicCredentialsIsStored() throws Exception {
        long before = basicOnly.lastSeq();

        HttpResponse<String> response = notify(basicOnly, basicHeader(USER, PASSWORD));

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(basicOnly.storedAfter(before)).hasSize(1);
    }

    @Test
    void eitherConfiguredSchemeIsAcceptedWhenBothAreConfigured() throws Exception {
        long before = both.lastSeq();

        int bearer = notify(both, "Bearer " + TOKEN).statusCode();
        int basic = notify(both, basicHeader(USER, PASSWORD)).statusCode();

        assertThat(List.of(bearer, basic)).containsOnly(200);
        assertThat(both.storedAfter(before)).hasSize(2);
    }

    @Test
    void refusalOffersEveryConfiguredScheme() throws Exception {
        HttpResponse<String> response = notify(both, null);

        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(response.headers().allValues("WWW-Authenticate")).containsExactlyInAnyOrder(
                "Bearer realm=\"nomad-deployer\"", "Basic realm=\"nomad-deployer\", charset=\"UTF-8\"");
    }

    @Test
    void callbackStaysOpenWhenNoSecretIsConfigured() throws Exception {
        assertThat(notify(open, null).statusCode()).isEqualTo(200);
        assertThat(notify(open, "Bearer anything").statusCode()).isEqualTo(200);
    }

    @Test
    void historyApiDemandsTheSameCredentials() throws Exception {
        assertThat(both.get("/api/v1/deployments").statusCode()).isEqualTo(401);
        assertThat(both.get("/api/v1/deployments", "Authorization", "Bearer wrong").statusCode()).isEqualTo(401);
        assertThat(both.get("/api/v1/deployments", "Authorization", "Bearer " + TOKEN).statusCode()).isEqualTo(200);
        assertThat(both.get("/api/v1/deployments", "Authorization", basicHeader(USER, PASSWORD)).statusCode())
                .isEqualTo(200);
    }

    @Test
    void healthNeedsNoCredentials() throws Exception {
        assertThat(both.get("/health").statusCode()).isEqualTo(204);
    }

    @Test
    void refusalIsLoggedWithTheSchemeTriedAndTheClientAddress() throws Exception {
        try (CapturedLog log = new CapturedLog()) {
            notify(bearerOnly, basicHeader(USER, PASSWORD));

            assertThat(log.lines()).anySatisfy(line -> assertThat(line).contains("event=request_unauthorized",
                    "path=/registry/callback", "remote=127.0.0.1", "scheme=basic"));
        }
    }

    @Test
    void secretsNeverAppearInLogsOrAnswers() throws Exception {
        String encoded = basicHeader(USER, PASSWORD).substring("Basic ".length());
        String[] secrets = {TOKEN, PASSWORD, encoded, TOKEN.toUpperCase(), PASSWORD.toUpperCase()};
        List<String> attempts = new ArrayList<>();
        refusedWithBearerConfigured().map(a -> (String) a.get()[1]).forEach(attempts::add);
        refusedWithBasicConfigured().map(a -> (String) a.get()[1]).forEach(attempts::add);
        attempts.add("Bearer " + TOKEN);
        attempts.add(basicHeader(USER, PASSWORD));
        List<String> answers = new ArrayList<>();
        List<String> logged;
        try (CapturedLog log = new CapturedLog()) {
            for (String authorization : attempts) {
                HttpResponse<String> callback = notify(both, authorization);
                HttpResponse<String> history = authorization == null ? both.get("/api/v1/deployments")
                        : both.get("/api/v1/deployments", "Authorization", authorization);
                answers.add(callback.headers().map() + " " + callback.body());
                answers.add(history.headers().map() + " " + history.body());
            }
            logged = log.lines();
        }

        assertThat(logged).isNotEmpty().allSatisfy(line -> assertThat(line).doesNotContain(secrets));
        assertThat(answers).allSatisfy(answer -> assertThat(answer).doesNotContain(secrets));
    }

    private static HttpResponse<String> notify(Listener listener, String authorization) throws Exception {
        return authorization == null ? listener.notify(Notification.push())
                : listener.notify(Notification.push(), "Authorization", authorization);
    }
}

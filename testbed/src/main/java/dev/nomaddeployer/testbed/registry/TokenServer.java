package dev.nomaddeployer.testbed.registry;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.nomaddeployer.testbed.CapturedRun;
import dev.nomaddeployer.testbed.WorkDirectories;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.cert.Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A token service for a {@link RegistryHarness} started with {@link RegistryHarness.Builder#tokenAuth}: the
 * distribution token flow as a registry behind an authorization server speaks it. {@code GET /token?service=…&scope=…}
 * with basic credentials of a configured user answers {@code {"token": JWT, "expires_in": …}}; a JWT signed (RS256)
 * with a key whose self-signed certificate is the registry's root bundle and travels in the header's {@code x5c}, with
 * the claims distribution checks ({@code iss}, {@code aud} = service, {@code exp}/{@code nbf} and the
 * {@code access} list of what it may do). Every requested action is granted to a known user; no credentials, or
 * wrong ones, get 401. The key pair is made per server by the JDK's {@code keytool}.
 */
public final class TokenServer implements AutoCloseable {
    public static final String SERVICE = "testbed-registry";
    public static final String ISSUER = "testbed-token-service";
    private static final String STORE_PASSWORD = "testbed-only";
    private static final Duration LIFETIME = Duration.ofMinutes(5);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Map<String, String> users;
    private final Path work;
    private final Path bundle;
    private final PrivateKey key;
    private final String certificate;
    private final HttpServer server;
    private final ExecutorService executor;
    private final AtomicInteger issued = new AtomicInteger();
    private final AtomicInteger refused = new AtomicInteger();

    private TokenServer(Map<String, String> users) throws IOException, GeneralSecurityException {
        this.users = Map.copyOf(users);
        this.work = Files.createTempDirectory("token-server-");
        Path store = work.resolve("signing.p12");
        generateKeyPair(store);
        KeyStore keys = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(store)) {
            keys.load(in, STORE_PASSWORD.toCharArray());
        }
        this.key = (PrivateKey) keys.getKey("signing", STORE_PASSWORD.toCharArray());
        Certificate cert = keys.getCertificate("signing");
        this.certificate = Base64.getEncoder().encodeToString(cert.getEncoded());
        this.bundle = Files.writeString(work.resolve("root.pem"), "-----BEGIN CERTIFICATE-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(cert.getEncoded())
                + "\n-----END CERTIFICATE-----\n", StandardCharsets.US_ASCII);
        this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
        this.executor = Executors.newCachedThreadPool(runnable -> {
            Thread thread = new Thread(runnable, "token-server");
            thread.setDaemon(true);
            return thread;
        });
        server.setExecutor(executor);
        server.createContext("/token", this::token);
        server.start();
    }

    /** A token service on a free loopback port that knows these users (name to password). */
    public static TokenServer start(Map<String, String> users) {
        try {
            return new TokenServer(users);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the token server", e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot read the token server's signing key", e);
        }
    }

    /** What the registry's config needs to trust this server's tokens. */
    public TokenAuth auth() {
        return new TokenAuth(URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/token"), SERVICE,
                ISSUER, bundle);
    }

    /** Tokens issued so far. */
    public int issued() {
        return issued.get();
    }

    /** Token requests answered 401 so far (no or wrong credentials). */
    public int refused() {
        return refused.get();
    }

    /** A token for {@code subject} that may do {@code actions} ({@code pull}, {@code push}) on {@code repository}. */
    public String mint(String subject, String repository, String... actions) {
        ObjectNode access = JSON.createObjectNode().put("type", "repository").put("name", repository);
        ArrayNode granted = access.putArray("actions");
        for (String action : actions) {
            granted.add(action);
        }
        ArrayNode list = JSON.createArrayNode().add(access);
        return jwt(subject, list);
    }

    private void token(HttpExchange exchange) throws IOException {
        try {
            String subject = user(exchange.getRequestHeaders().getFirst("Authorization"));
            if (subject == null) {
                refused.incrementAndGet();
                reply(exchange, 401, "{\"errors\":[{\"code\":\"UNAUTHORIZED\",\"message\":\"credentials refused\"}]}");
                return;
            }
            List<String> scopes = new ArrayList<>();
            String service = null;
            String query = exchange.getRequestURI().getRawQuery();
            for (String pair : query == null ? new String[0] : query.split("&")) {
                int equals = pair.indexOf('=');
                String name = equals < 0 ? pair : pair.substring(0, equals);
                String value = equals < 0 ? "" : URLDecoder.decode(pair.substring(equals + 1), StandardCharsets.UTF_8);
                if (name.equals("scope")) {
                    scopes.addAll(List.of(value.split(" ")));
                } else if (name.equals("service")) {
                    service = value;
                }
            }
            if (!SERVICE.equals(service)) {
                reply(exchange, 400, "{\"errors\":[{\"code\":\"DENIED\",\"message\":\"unknown service\"}]}");
                return;
            }
            ArrayNode access = JSON.createArrayNode();
            for (String scope : scopes) {
                // repository:<name>:<action,action>; the name itself may not hold a colon, but a port is not in it
                String[] parts = scope.split(":");
                if (parts.length != 3) {
                    continue;
                }
                ObjectNode item = access.addObject().put("type", parts[0]).put("name", parts[1]);
                ArrayNode actions = item.putArray("actions");
                for (String action : parts[2].split(",")) {
                    actions.add(action);
                }
            }
            issued.incrementAndGet();
            reply(exchange, 200, JSON.createObjectNode().put("token", jwt(subject, access))
                    .put("expires_in", LIFETIME.toSeconds()).put("issued_at", Instant.now().toString()).toString());
        } finally {
            exchange.close();
        }
    }

    /** The user whose basic credentials these are; null for none or wrong ones. */
    private String user(String authorization) {
        if (authorization == null || !authorization.regionMatches(true, 0, "Basic ", 0, 6)) {
            return null;
        }
        String pair;
        try {
            pair = new String(Base64.getDecoder().decode(authorization.substring(6).strip()), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return null;
        }
        int colon = pair.indexOf(':');
        if (colon < 0) {
            return null;
        }
        String name = pair.substring(0, colon);
        return pair.substring(colon + 1).equals(users.get(name)) ? name : null;
    }

    private String jwt(String subject, ArrayNode access) {
        long now = Instant.now().getEpochSecond();
        ObjectNode header = JSON.createObjectNode().put("typ", "JWT").put("alg", "RS256");
        header.putArray("x5c").add(certificate);
        ObjectNode claims = JSON.createObjectNode().put("iss", ISSUER).put("sub", subject).put("aud", SERVICE)
                .put("exp", now + LIFETIME.toSeconds()).put("nbf", now).put("iat", now)
                .put("jti", UUID.randomUUID().toString());
        claims.set("access", access);
        Base64.Encoder url = Base64.getUrlEncoder().withoutPadding();
        String signed = url.encodeToString(header.toString().getBytes(StandardCharsets.UTF_8)) + "."
                + url.encodeToString(claims.toString().getBytes(StandardCharsets.UTF_8));
        try {
            Signature signature = Signature.getInstance("SHA256withRSA");
            signature.initSign(key);
            signature.update(signed.getBytes(StandardCharsets.US_ASCII));
            return signed + "." + url.encodeToString(signature.sign());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot sign a token", e);
        }
    }

    private static void generateKeyPair(Path store) {
        Path keytool = Path.of(System.getProperty("java.home"), "bin", "keytool");
        ProcessBuilder builder = new ProcessBuilder(keytool.toString(), "-genkeypair", "-alias", "signing",
                "-keyalg", "RSA", "-keysize", "2048", "-sigalg", "SHA256withRSA", "-validity", "2",
                "-dname", "CN=" + ISSUER, "-storetype", "PKCS12", "-keystore", store.toString(),
                "-storepass", STORE_PASSWORD, "-keypass", STORE_PASSWORD)
                .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()));
        CapturedRun.Outcome outcome = CapturedRun.run(builder, Duration.ofSeconds(60), "keytool-");
        if (outcome instanceof CapturedRun.Exited exited && exited.exitCode() == 0) {
            return;
        }
        String why = outcome instanceof CapturedRun.Exited exited ? "exited with " + exited.exitCode()
                : CapturedRun.whyNotExited(outcome, Duration.ofSeconds(60));
        throw new IllegalStateException("keytool did not make the token signing key: " + why + "\n"
                + CapturedRun.output(outcome));
    }

    private static void reply(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
        WorkDirectories.deleteRecursively(work, "token server key");
    }
}

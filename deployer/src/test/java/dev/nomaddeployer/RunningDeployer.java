package dev.nomaddeployer;

import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.nomaddeployer.config.SettingsLoader;
import dev.nomaddeployer.registry.Captures;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * The service running in-process against a Nomad, fed by hand-made registry notifications shaped like the
 * captured ones (fixtures/registry/), with its history read back through its own API. Every test that runs
 * the service in-process starts it here; end-to-end tests add a real registry around it.
 */
public final class RunningDeployer implements AutoCloseable {
    /** The registry host the fixture jobs' images name. */
    public static final String REGISTRY = "registry.example:5000";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String EVENTS_MEDIA_TYPE = "application/vnd.docker.distribution.events.v1+json";

    private final App app;
    private final Optional<String> authorization;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private RunningDeployer(App app, Optional<String> authorization) {
        this.app = app;
        this.authorization = authorization;
    }

    /**
     * Starts with a store in {@code dir}, quick retries, and {@code extraFlags}; a key set in
     * {@code extraFlags} ({@code --key=value}) replaces the default for it.
     */
    public static RunningDeployer start(Path dir, URI nomadUrl, List<String> extraFlags) throws Exception {
        return start(dir, nomadUrl, extraFlags, Clock.systemUTC());
    }

    /** Like {@link #start(Path, URI, List)}, the service reading the time from {@code clock}. */
    public static RunningDeployer start(Path dir, URI nomadUrl, List<String> extraFlags, Clock clock)
            throws Exception {
        List<String> flags = new ArrayList<>(extraFlags);
        List<String> defaults = new ArrayList<>(flags(dir));
        defaults.add("--nomad.url=" + nomadUrl);
        for (String fallback : defaults) {
            String key = fallback.substring(0, fallback.indexOf('=') + 1);
            if (extraFlags.stream().noneMatch(flag -> flag.startsWith(key))) {
                flags.add(fallback);
            }
        }
        var loaded = SettingsLoader.load(flags.toArray(String[]::new), Map.of(), dir);
        return new RunningDeployer(App.start(loaded.settings(), clock), Optional.empty());
    }

    /**
     * @param flags         the whole command line (start from {@link #flags(Path)})
     * @param authorization the {@code Authorization} header the registry would send, when registry.auth is set
     */
    public static RunningDeployer start(Path dir, List<String> flags, Map<String, String> env,
                                        Optional<String> authorization) throws Exception {
        var loaded = SettingsLoader.load(flags.toArray(String[]::new), env, dir);
        return new RunningDeployer(App.start(loaded.settings(), Clock.systemUTC()), authorization);
    }

    /** What every test run needs: a private store, an ephemeral port and retries quick enough to watch. */
    public static List<String> flags(Path dir) {
        return List.of(
                "--server.address=127.0.0.1:0",
                "--store.path=" + dir.resolve("deployer.db"),
                "--deploy.retry.initial=100ms",
                "--deploy.retry.max=500ms",
                "--server.shutdown.timeout=5s");
    }

    public App app() {
        return app;
    }

    private URI uri(String pathAndQuery) {
        return URI.create("http://127.0.0.1:" + app.address().getPort() + pathAndQuery);
    }

    /** POSTs a notification of one tagged manifest push, as the registry does; returns the HTTP status. */
    public int push(String repository, String tag) {
        return push(repository, tag, authorization);
    }

    /** Like {@link #push(String, String)} with this {@code Authorization} header (or none). */
    public int push(String repository, String tag, Optional<String> authorizationHeader) {
        return push(repository, tag, Instant.now(), authorizationHeader);
    }

    /** Like {@link #push(String, String)}, with the registry's timestamp set to {@code pushedAt}. */
    public int push(String repository, String tag, Instant pushedAt) {
        return push(repository, tag, pushedAt, authorization);
    }

    private int push(String repository, String tag, Instant pushedAt, Optional<String> authorizationHeader) {
        return post(notification(REGISTRY, repository, tag, pushedAt), authorizationHeader);
    }

    /**
     * Sends one notification of a push {@code times} times, as a registry that got no answer in time does: the
     * same event id each time. Returns the status of the last answer.
     */
    public int pushRepeatedly(String repository, String tag, int times) {
        byte[] notification = notification(REGISTRY, repository, tag, Instant.now());
        int status = 0;
        for (int i = 0; i < times; i++) {
            status = post(notification, authorization);
        }
        return status;
    }

    private int post(byte[] notification, Optional<String> authorizationHeader) {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri("/registry/callback"))
                .timeout(Duration.ofSeconds(10))
                .header("Content-Type", EVENTS_MEDIA_TYPE)
                .POST(HttpRequest.BodyPublishers.ofByteArray(notification));
        authorizationHeader.ifPresent(value -> request.header("Authorization", value));
        return send(request.build()).statusCode();
    }

    /** A GET of {@code pathAndQuery} without credentials, as a monitoring system or a curl would send it. */
    public HttpResponse<String> get(String pathAndQuery) {
        return send(HttpRequest.newBuilder(uri(pathAndQuery)).timeout(Duration.ofSeconds(10)).GET().build());
    }

    /** The decisions recorded for {@code jobId}, newest first, as the history API lists them. */
    public List<JsonNode> history(String jobId) {
        HttpRequest.Builder request = HttpRequest.newBuilder(
                uri("/api/v1/deployments?job=" + URLEncoder.encode(jobId, StandardCharsets.UTF_8)))
                .timeout(Duration.ofSeconds(10)).GET();
        authorization.ifPresent(value -> request.header("Authorization", value));
        HttpResponse<String> response = send(request.build());
        if (response.statusCode() != 200) {
            throw new IllegalStateException("history API answered " + response.statusCode() + ": " + response.body());
        }
        try {
            List<JsonNode> entries = new ArrayList<>();
            JSON.readTree(response.body()).path("deployments").forEach(entries::add);
            return entries;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public void awaitIdle() {
        await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(50)).until(app::idle);
    }

    private HttpResponse<String> send(HttpRequest request) {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The captured push of team/web:3.1.0 with a fresh id and time, and the given host, repository and tag. */
    static byte[] notification(String registryHost, String repository, String tag, Instant pushedAt) {
        ObjectNode event = Captures.taggedPushEvent("push-v2s2-new-repo.json");
        event.put("id", UUID.randomUUID().toString());
        event.put("timestamp", pushedAt.toString());
        ((ObjectNode) event.get("target")).put("repository", repository).put("tag", tag);
        ((ObjectNode) event.get("request")).put("host", registryHost);
        return Captures.bytes(Captures.envelope(event));
    }

    @Override
    public void close() {
        app.close();
    }
}

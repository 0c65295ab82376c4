package dev.nomaddeployer.http;

import dev.nomaddeployer.config.CertificateFiles;
import dev.nomaddeployer.config.Cidr;
import dev.nomaddeployer.config.RegistryAuth;
import dev.nomaddeployer.deploy.DeployWindows;
import dev.nomaddeployer.image.RegistryHosts;
import dev.nomaddeployer.leadership.LeadershipStatus;
import dev.nomaddeployer.metrics.DeployerMetrics;
import dev.nomaddeployer.registryapi.Registries;
import dev.nomaddeployer.store.Database;
import dev.nomaddeployer.store.JdbcHistory;
import dev.nomaddeployer.store.JdbcInbox;
import dev.nomaddeployer.store.JdbcRestraints;
import dev.nomaddeployer.store.JdbcRollouts;
import dev.nomaddeployer.store.JdbcTargetQueue;
import dev.nomaddeployer.webhook.MissingDigests;
import dev.nomaddeployer.webhook.SenderCallbacks;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.net.ssl.SSLContext;

/** The real listener on 127.0.0.1:0 over a real inbox in a temporary SQLite file, and a client for it. */
final class Listener implements AutoCloseable {
    static final String EVENTS_TYPE = "application/vnd.docker.distribution.events.v1+json";
    static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(5);

    final Database database;
    final WebServer server;
    final HttpClient client;
    private final String scheme;

    /** One stored push as the deployer will later read it. */
    record StoredName(String eventId, String host, String repository, String tag) {
    }

    private Listener(Database database, WebServer server, HttpClient client, String scheme) {
        this.database = database;
        this.server = server;
        this.client = client;
        this.scheme = scheme;
    }

    static WebServer.Options options() {
        return new WebServer.Options("127.0.0.1", 0, Duration.ofSeconds(5), Duration.ofSeconds(10),
                Duration.ofSeconds(3), true, 1024 * 1024, Optional.empty(), List.of(), open(), 64);
    }

    static RegistryAuth open() {
        return new RegistryAuth(Optional.empty(), Optional.empty(), Optional.empty());
    }

    static RegistryAuth bearer(String token) {
        return new RegistryAuth(Optional.of(token), Optional.empty(), Optional.empty());
    }

    static RegistryAuth basic(String user, String password) {
        return new RegistryAuth(Optional.empty(), Optional.of(user), Optional.of(password));
    }

    static WebServer.Options withAuth(RegistryAuth auth) {
        WebServer.Options o = options();
        return new WebServer.Options(o.host(), o.port(), o.readTimeout(), o.writeTimeout(), o.stopTimeout(),
                o.logRequests(), o.maxBodyBytes(), o.tls(), o.allowedNetworks(), auth, o.maxConnectionsPerClient());
    }

    static WebServer.Options withNetworks(String... cidrs) {
        WebServer.Options o = options();
        return new WebServer.Options(o.host(), o.port(), o.readTimeout(), o.writeTimeout(), o.stopTimeout(),
                o.logRequests(), o.maxBodyBytes(), o.tls(), List.of(cidrs).stream().map(Cidr::parse).toList(),
                o.auth(), o.maxConnectionsPerClient());
    }

    static WebServer.Options withTls(CertificateFiles files) {
        WebServer.Options o = options();
        return new WebServer.Options(o.host(), o.port(), o.readTimeout(), o.writeTimeout(), o.stopTimeout(),
                o.logRequests(), o.maxBodyBytes(), Optional.of(files), o.allowedNetworks(), o.auth(), o.maxConnectionsPerClient());
    }

    static WebServer.Options withLimits(long maxBodyBytes, Duration readTimeout) {
        WebServer.Options o = options();
        return new WebServer.Options(o.host(), o.port(), readTimeout, o.writeTimeout(), o.stopTimeout(),
                o.logRequests(), maxBodyBytes, o.tls(), o.allowedNetworks(), o.auth(), o.maxConnectionsPerClient());
    }

    /** Every time limit of the listener: the whole request, a blocked write, and a stop's wait for requests. */
    static WebServer.Options withTimeouts(Duration readTimeout, Duration writeTimeout, Duration stopTimeout) {
        WebServer.Options o = options();
        return new WebServer.Options(o.host(), o.port(), readTimeout, writeTimeout, stopTimeout,
                o.logRequests(), o.maxBodyBytes(), o.tls(), o.allowedNetworks(), o.auth(), o.maxConnectionsPerClient());
    }

    static WebServer.Options withStopTimeout(Duration stopTimeout) {
        WebServer.Options o = options();
        return new WebServer.Options(o.host(), o.port(), o.readTimeout(), o.writeTimeout(), stopTimeout,
                o.logRequests(), o.maxBodyBytes(), o.tls(), o.allowedNetworks(), o.auth(), o.maxConnectionsPerClient());
    }

    static Listener start(Path dir, WebServer.Options options) throws Exception {
        return start(dir, options, null);
    }

    static Listener start(Path dir, WebServer.Options options, SSLContext clientTls) throws Exception {
        return start(dir, options, clientTls, noWebhooks());
    }

    /** No source is on: every /webhooks/ path answers 404. */
    static WebServer.Webhooks noWebhooks() {
        return webhooks(Map.of());
    }

    /** The sources of {@code secrets} on; no registry is read, so pushes keep the digest their sender gave. */
    static WebServer.Webhooks webhooks(Map<String, String> secrets) {
        return new WebServer.Webhooks(secrets, new MissingDigests(new Registries(List.of(), new RegistryHosts(List.of()),
                REQUEST_TIMEOUT, Clock.systemUTC())), new SenderCallbacks(REQUEST_TIMEOUT));
    }

    static Listener start(Path dir, WebServer.Options options, SSLContext clientTls, WebServer.Webhooks webhooks)
            throws Exception {
        Database database = Database.openFile(dir.resolve("store.db"));
        try {
            WebServer server = new WebServer(options, new JdbcInbox(database), webhooks, new JdbcHistory(database),
                    new JdbcRestraints(database), new JdbcTargetQueue(database), DeployWindows.ALWAYS,
                    new JdbcRollouts(database), database::problem, () -> { }, Clock.systemUTC(), DeployerMetrics.ownOnly(),
                    () -> new LeadershipStatus("listener-test", false, Optional.empty()), "sqlite");
            server.start();
            HttpClient.Builder client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                    .connectTimeout(REQUEST_TIMEOUT);
            if (clientTls != null) {
                client.sslContext(clientTls);
            }
            return new Listener(database, server, client.build(), options.tls().isPresent() ? "https" : "http");
        } catch (Exception | Error e) {
            database.close();
            throw e;
        }
    }

    int port() {
        return server.address().getPort();
    }

    URI uri(String path) {
        return URI.create(scheme + "://127.0.0.1:" + port() + path);
    }

    /** POSTs {@code body} to the callback as the registry does, with extra header name/value pairs. */
    HttpResponse<String> notify(byte[] body, String... headers) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri("/registry/callback")).timeout(REQUEST_TIMEOUT)
                .header("Content-Type", EVENTS_TYPE)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        if (headers.length > 0) {
            request.headers(headers);
        }
        return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> get(String path, String... headers) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri(path)).timeout(REQUEST_TIMEOUT).GET();
        if (headers.length > 0) {
            request.headers(headers);
        }
        return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** Every push the inbox holds, straight from the table, in the order stored. */
    List<StoredName> stored() {
        return storedAfter(0);
    }

    List<StoredName> storedAfter(long seq) {
        return database.inTransaction(c -> {
            List<StoredName> names = new ArrayList<>();
            try (PreparedStatement select = c.prepareStatement(
                    "SELECT event_id, registry_host, repository, tag FROM events WHERE seq > ? ORDER BY seq")) {
                select.setLong(1, seq);
                try (ResultSet row = select.executeQuery()) {
                    while (row.next()) {
                        names.add(new StoredName(row.getString(1), row.getString(2), row.getString(3),
                                row.getString(4)));
                    }
                }
            }
            return names;
        });
    }

    long lastSeq() {
        return database.inTransaction(c -> {
            try (PreparedStatement select = c.prepareStatement("SELECT coalesce(max(seq), 0) FROM events");
                 ResultSet row = select.executeQuery()) {
                return row.next() ? row.getLong(1) : 0L;
            }
        });
    }

    /** Closes each, even when one fails. */
    static void closeAll(Listener... listeners) throws Exception {
        Exception failure = null;
        for (Listener listener : listeners) {
            try {
                if (listener != null) {
                    listener.close();
                }
            } catch (Exception e) {
                failure = failure == null ? e : failure;
            }
        }
        if (failure != null) {
            throw failure;
        }
    }

    @Override
    public void close() throws Exception {
        try {
            server.close();
        } finally {
            database.close();
        }
    }
}

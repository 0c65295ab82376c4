package dev.nomaddeployer.http;

import dev.nomaddeployer.config.CertificateFiles;
import dev.nomaddeployer.config.Cidr;
import dev.nomaddeployer.config.RegistryAuth;
import dev.nomaddeployer.config.ServerSettings;
import dev.nomaddeployer.deploy.DeployWindows;
import dev.nomaddeployer.deploy.History;
import dev.nomaddeployer.deploy.Inbox;
import dev.nomaddeployer.deploy.Restraints;
import dev.nomaddeployer.deploy.TargetQueue;
import dev.nomaddeployer.leadership.LeadershipStatus;
import dev.nomaddeployer.metrics.DeployerMetrics;
import dev.nomaddeployer.rollout.Rollouts;
import dev.nomaddeployer.webhook.MissingDigests;
import dev.nomaddeployer.webhook.SenderCallbacks;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import org.eclipse.jetty.server.AbstractConnectionFactory;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.SecureRequestCustomizer;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.SslConnectionFactory;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

/**
 * The HTTP listener: the registry callback, health, the history API and the metrics. The callback and the
 * history sit behind {@link AccessGuard} (network allow-list, then credentials), the metrics behind its network
 * allow-list; health stays open so that orchestrators can probe it from anywhere.
 */
public final class WebServer implements AutoCloseable {
    /** Jetty's answer to a longer header block is 431, and to a longer request line 414. */
    static final int MAX_REQUEST_HEADER_BYTES = 8 * 1024;
    public static final String UI_PREFIX = "/ui/";

    /**
     * @param readTimeout             time for a request's head, counted from the connection's opening or the end
     *                                of its previous request, and again for its body, counted from the request's
     *                                first byte (zero = no limit); also the time a connection may sit idle
     * @param writeTimeout            time a blocked write may wait for the client (zero = no limit)
     * @param tls                     present = serve HTTPS only
     * @param allowedNetworks         empty = any client address may call the callback, the history and the metrics
     * @param auth                    credentials the callback and the history demand; none configured = open
     * @param maxConnectionsPerClient connections one client address may hold open at once (zero = no limit)
     */
    public record Options(String host, int port, Duration readTimeout, Duration writeTimeout, Duration stopTimeout,
                          boolean logRequests, long maxBodyBytes, Optional<CertificateFiles> tls,
                          List<Cidr> allowedNetworks, RegistryAuth auth, int maxConnectionsPerClient) {
        public Options {
            allowedNetworks = List.copyOf(allowedNetworks);
            if (maxConnectionsPerClient < 0) {
                throw new IllegalArgumentException("maxConnectionsPerClient must be 0 (no limit) or more, not "
                        + maxConnectionsPerClient);
            }
        }

        public static Options of(ServerSettings server, RegistryAuth auth) {
            return new Options(server.address().bindHost(), server.address().port(), server.readTimeout(),
                    server.writeTimeout(), server.shutdownTimeout(), server.logRequests(), server.maxBodyBytes(),
                    server.tls(), server.allowedNetworks(), auth, server.maxConnectionsPerClient());
        }

        public Options withMaxConnectionsPerClient(int max) {
            return new Options(host, port, readTimeout, writeTimeout, stopTimeout, logRequests, maxBodyBytes, tls,
                    allowedNetworks, auth, max);
        }
    }

    /**
     * The senders' endpoints under {@code /webhooks/}: the secret of each source that is on, how a push's missing
     * digest is found, and who makes the calls a sender waits for.
     */
    public record Webhooks(Map<String, String> secrets, MissingDigests digests, SenderCallbacks callbacks) {
        public Webhooks {
            secrets = Map.copyOf(secrets);
        }
    }

    /**
     * The web UI under {@code /ui/} ({@code docs/web-ui.md}), given by whoever builds it (the {@code ui} package,
     * which reads through this package's listings): its handler, the operator's token (also accepted by the API's
     * job switches), and what ends its long-lived answers (the live view) when the listener stops.
     */
    public record Ui(Handler handler, OperatorToken operator, Runnable endStreams) {
        public static Ui none() {
            return new Ui(null, OperatorToken.of(Optional.empty()), () -> { });
        }
    }

    private final Server server;
    private final ServerConnector connector;
    private final AtomicBoolean stopping = new AtomicBoolean();
    private final InFlightRequests inFlight;
    private final Duration stopTimeout;
    private final SenderCallbacks callbacks;
    private final Runnable endStreams;

    public WebServer(Options options, Inbox inbox, Webhooks webhooks, History history, Restraints restraints, TargetQueue queue,
                     DeployWindows windows, Rollouts rollouts, Readiness readiness, Runnable onAccepted,
                     Clock clock, DeployerMetrics metrics, Supplier<LeadershipStatus> leadership, String storeKind) {
        this(options, inbox, webhooks, history, restraints, queue, windows, rollouts, readiness, onAccepted, clock,
                metrics, leadership, storeKind, Ui.none());
    }

    /** @throws IllegalStateException when the TLS files cannot be used; the message names the setting and file */
    public WebServer(Options options, Inbox inbox, Webhooks webhooks, History history, Restraints restraints, TargetQueue queue,
                     DeployWindows windows, Rollouts rollouts, Readiness readiness, Runnable onAccepted,
                     Clock clock, DeployerMetrics metrics, Supplier<LeadershipStatus> leadership, String storeKind,
                     Ui ui) {
        QueuedThreadPool threads = new QueuedThreadPool(32, 4);
        threads.setName("http");
        metrics.watchListenerThreads(threads);
        server = new Server(threads);
        HttpConfiguration http = new HttpConfiguration();
        http.setSendServerVersion(false);
        http.setSendDateHeader(true);
        http.setRequestHeaderSize(MAX_REQUEST_HEADER_BYTES);
        http.setIdleTimeout(options.writeTimeout().toMillis());
        HttpConnectionFactory httpFactory = new HttpConnectionFactory(http);
        AbstractConnectionFactory first;
        if (options.tls().isPresent()) {
            SecureRequestCustomizer secure = new SecureRequestCustomizer();
            // One certificate is served whatever name was asked for; whether it fits is the client's check.
            secure.setSniHostCheck(false);
            http.addCustomizer(secure);
            first = new SslConnectionFactory(ListenerTls.sslContextFactory(options.tls().get()), "http/1.1");
            connector = new ServerConnector(server, 1, 1, first, httpFactory);
        } else {
            first = httpFactory;
            connector = new ServerConnector(server, 1, 1, httpFactory);
        }
        if (options.maxConnectionsPerClient() > 0) {
            first.addEventListener(new ClientConnectionLimit(options.maxConnectionsPerClient()));
        }
        connector.setHost(options.host());
        connector.setPort(options.port());
        connector.setIdleTimeout(options.readTimeout().toMillis());
        server.addConnector(connector);
        CallbackCredentials credentials = CallbackCredentials.of(options.auth());
        PushIntake intake = new PushIntake(inbox, metrics, onAccepted, clock);
        Map<String, Handler> routes = new HashMap<>(Map.of(
                "/registry/callback", new AnswerCounter(new AccessGuard(new WebhookHandler(intake,
                        options.maxBodyBytes(), options.readTimeout(), stopping::get), options.allowedNetworks(),
                        credentials), metrics::notificationAnswered),
                "/health", new HealthHandler(stopping::get),
                "/ready", new ReadyHandler(stopping::get, readiness),
                "/api/v1/deployments", new AccessGuard(new HistoryHandler(history, rollouts, queue,
                        windows, clock), options.allowedNetworks(),
                        credentials),
                "/api/v1/status", new AccessGuard(new StatusHandler(new StatusHandler.Source(leadership, storeKind)),
                        options.allowedNetworks(), credentials),
                // The allow-list only: the callback's credentials let their holder deploy, a scraper must not need them.
                "/metrics", new AccessGuard(new MetricsHandler(metrics), options.allowedNetworks(),
                        CallbackCredentials.none())));
        Map<String, Handler> prefixes = new HashMap<>(Map.of(JobsHandler.PREFIX, new AccessGuard(
                new JobsHandler(restraints, new JobActions(restraints, queue, onAccepted, clock)),
                options.allowedNetworks(), credentials, ui.operator()),
                // Each source proves its deliveries its own way; the callback's credentials are not theirs to send.
                SourceWebhookHandler.PREFIX, new AccessGuard(new SourceWebhookHandler(webhooks.secrets(), intake,
                        webhooks.digests(), webhooks.callbacks(), metrics, options.maxBodyBytes(),
                        options.readTimeout(), stopping::get, clock), options.allowedNetworks(),
                        CallbackCredentials.none())));
        if (ui.handler() != null) {
            // Reading is the allow-list's alone, as for the metrics; the actions check the operator's token.
            Handler pages = new UiHeaders(new AccessGuard(ui.handler(), options.allowedNetworks(),
                    CallbackCredentials.none()));
            for (String entrance : List.of("/", "/ui")) {
                routes.put(entrance, new UiHeaders(new AccessGuard(new RedirectHandler(UI_PREFIX),
                        options.allowedNetworks(), CallbackCredentials.none())));
            }
            prefixes.put(UI_PREFIX, pages);
        }
        inFlight = new InFlightRequests(new RequestLogHandler(new Router(routes, prefixes), options.logRequests()));
        if (options.readTimeout().isZero()) {
            server.setHandler(inFlight);
        } else {
            // The connector's idle timeout cannot bound a head: every byte that arrives starts it again.
            HeaderDeadline headers = new HeaderDeadline(options.readTimeout(), server.getScheduler());
            httpFactory.addEventListener(headers);
            server.setHandler(headers.before(inFlight));
        }
        stopTimeout = options.stopTimeout();
        callbacks = webhooks.callbacks();
        endStreams = ui.endStreams();
        // The graceful part of a stop is inFlight's; Jetty's would wait for idle connections too.
        server.setStopTimeout(0);
        server.setStopAtShutdown(false);
    }

    public void start() throws Exception {
        server.start();
    }

    /** The address actually bound (the port is chosen by the system when configured as 0). */
    public InetSocketAddress address() {
        return new InetSocketAddress(connector.getHost() == null ? "0.0.0.0" : connector.getHost(),
                connector.getLocalPort());
    }

    /** From now on health answers 503 and the callback asks the registry to come back later. */
    public void beginShutdown() {
        stopping.set(true);
        // A live view's answer lasts until its client leaves; a stop must not wait for that.
        endStreams.run();
    }

    /**
     * Stops taking work (see {@link #beginShutdown()}), lets requests being handled finish for up to the stop
     * timeout, then closes every connection.
     */
    @Override
    public void close() throws Exception {
        close(stopTimeout);
    }

    /** As {@link #close()}, waiting at most {@code timeout} for requests being handled. */
    public void close(Duration timeout) throws Exception {
        beginShutdown();
        try {
            inFlight.awaitIdle(timeout);
        } finally {
            try {
                server.stop();
            } finally {
                callbacks.close();
            }
        }
    }

    /**
     * Exact-path routing, then a few prefixes for paths that carry names; the service has a handful of endpoints,
     * a framework router would be heavier than this.
     */
    private static final class Router extends Handler.Abstract {
        private final Map<String, Handler> routes;
        private final Map<String, Handler> prefixes;

        Router(Map<String, Handler> routes, Map<String, Handler> prefixes) {
            this.routes = routes;
            this.prefixes = prefixes;
            routes.values().forEach(this::installBean);
            prefixes.values().forEach(this::installBean);
        }

        @Override
        public boolean handle(Request request, Response response, Callback callback) throws Exception {
            String path = request.getHttpURI().getPath();
            Handler handler = routes.get(path);
            if (handler == null) {
                handler = prefixes.entrySet().stream().filter(prefix -> path.startsWith(prefix.getKey()))
                        .map(Map.Entry::getValue).findFirst().orElse(null);
            }
            return handler != null && handler.handle(request, response, callback);
        }

        @Override
        public void setServer(Server server) {
            super.setServer(server);
            routes.values().forEach(handler -> handler.setServer(server));
            prefixes.values().forEach(handler -> handler.setServer(server));
        }
    }
}

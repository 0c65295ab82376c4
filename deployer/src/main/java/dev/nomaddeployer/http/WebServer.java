package dev.nomaddeployer.http;

import dev.nomaddeployer.store.History;
import dev.nomaddeployer.store.Inbox;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

/** The HTTP listener: the registry callback, health and the history API. */
public final class WebServer implements AutoCloseable {
    public record Options(String host, int port, Duration readTimeout, Duration writeTimeout, Duration stopTimeout,
                          boolean logRequests, long maxBodyBytes) {}

    private final Server server;
    private final ServerConnector connector;
    private final AtomicBoolean stopping = new AtomicBoolean();

    public WebServer(Options options, Inbox inbox, History history, Runnable onAccepted, Clock clock) {
        QueuedThreadPool threads = new QueuedThreadPool(32, 4);
        threads.setName("http");
        server = new Server(threads);
        HttpConfiguration http = new HttpConfiguration();
        http.setSendServerVersion(false);
        http.setSendDateHeader(true);
        http.setRequestHeaderSize(8 * 1024);
        http.setIdleTimeout(options.writeTimeout().toMillis());
        connector = new ServerConnector(server, 1, 1, new HttpConnectionFactory(http));
        connector.setHost(options.host());
        connector.setPort(options.port());
        connector.setIdleTimeout(options.readTimeout().toMillis());
        server.addConnector(connector);
        Map<String, Handler> routes = Map.of(
                "/registry/callback", new WebhookHandler(inbox, onAccepted, options.maxBodyBytes(), stopping::get, clock),
                "/health", new HealthHandler(stopping::get),
                "/api/v1/deployments", new HistoryHandler(history));
        server.setHandler(new RequestLogHandler(new Router(routes), options.logRequests()));
        server.setStopTimeout(options.stopTimeout().toMillis());
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
    }

    @Override
    public void close() throws Exception {
        beginShutdown();
        server.stop();
    }

    /** Exact-path routing; the service has three endpoints, a framework router would be heavier than this. */
    private static final class Router extends Handler.Abstract {
        private final Map<String, Handler> routes;

        Router(Map<String, Handler> routes) {
            this.routes = routes;
            routes.values().forEach(this::installBean);
        }

        @Override
        public boolean handle(Request request, Response response, Callback callback) throws Exception {
            Handler handler = routes.get(request.getHttpURI().getPath());
            return handler != null && handler.handle(request, response, callback);
        }

        @Override
        public void setServer(Server server) {
            super.setServer(server);
            routes.values().forEach(handler -> handler.setServer(server));
        }
    }
}

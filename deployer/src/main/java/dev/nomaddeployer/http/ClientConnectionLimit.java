package dev.nomaddeployer.http;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.eclipse.jetty.io.Connection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Caps the connections one client address may hold open at once: a connection over the cap is closed as soon as
 * it opens, before a byte of it is read (or, with TLS, before the handshake). Jetty's own limits count all
 * clients together, so one client could take every connection; this keeps it to its share.
 *
 * <p>Register it on the connector's first connection factory, so that it counts network connections once
 * each, also when TLS stacks an HTTP connection on top.
 */
final class ClientConnectionLimit implements Connection.Listener {
    static final Duration LOG_INTERVAL = Duration.ofMinutes(1);
    private static final Logger LOG = LoggerFactory.getLogger(ClientConnectionLimit.class);

    private final int max;
    private final Map<InetAddress, Integer> open = new ConcurrentHashMap<>();
    /** Each open connection's client, remembered: a closed socket no longer tells its peer. */
    private final Map<Connection, InetAddress> clients = new ConcurrentHashMap<>();
    private final RefusalLog refusals = new RefusalLog(LOG_INTERVAL);

    ClientConnectionLimit(int max) {
        this.max = max;
    }

    @Override
    public void onOpened(Connection connection) {
        SocketAddress remote = connection.getEndPoint().getRemoteSocketAddress();
        if (!(remote instanceof InetSocketAddress inet)) {
            return;
        }
        InetAddress client = inet.getAddress();
        clients.put(connection, client);
        // A refused connection is counted too until it has closed: the count is then simply what is open.
        if (open.merge(client, 1, Integer::sum) > max) {
            connection.getEndPoint().close();
            for (RefusalLog.Line line : refusals.refused(client, System.nanoTime())) {
                LOG.warn("event=connection_refused remote={} refused={} limit={} detail=\"client address already"
                                + " holds the most connections allowed; closed at once, reported at most once per"
                                + " address every {}s\"", line.client().getHostAddress(), line.refused(), max,
                        LOG_INTERVAL.toSeconds());
            }
        }
    }

    @Override
    public void onClosed(Connection connection) {
        InetAddress client = clients.remove(connection);
        if (client != null) {
            open.computeIfPresent(client, (address, count) -> count == 1 ? null : count - 1);
        }
    }
}

package dev.nomaddeployer.http;

import dev.nomaddeployer.config.Cidr;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.List;
import java.util.Optional;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Stands in front of the endpoints that change or reveal something (the callback, the history, the metrics):
 * first the client's network (403: no credentials could help), then its credentials (401: the right ones would;
 * the metrics demand none, see docs/webhook-security.md).
 * Nothing behind it runs, and nothing is read or stored, for a refused request.
 */
final class AccessGuard extends Handler.Wrapper {
    private static final Logger LOG = LoggerFactory.getLogger(AccessGuard.class);

    private final List<Cidr> allowedNetworks;
    private final CallbackCredentials credentials;
    private final OperatorToken operator;

    AccessGuard(Handler next, List<Cidr> allowedNetworks, CallbackCredentials credentials) {
        this(next, allowedNetworks, credentials, OperatorToken.of(Optional.empty()));
    }

    /** @param operator also accepted where {@code credentials} are demanded (the job switches: see docs/web-ui.md) */
    AccessGuard(Handler next, List<Cidr> allowedNetworks, CallbackCredentials credentials, OperatorToken operator) {
        super(next);
        this.allowedNetworks = List.copyOf(allowedNetworks);
        this.credentials = credentials;
        this.operator = operator;
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) throws Exception {
        String path = request.getHttpURI().getPath();
        InetAddress client = clientAddress(request);
        if (!allowed(client)) {
            LOG.warn("event=request_forbidden path={} remote={} detail=\"client address is outside"
                    + " server.allowed_networks\"", path, client == null ? "unknown" : client.getHostAddress());
            return Replies.textAndClose(response, callback, 403, "your address may not call " + path);
        }
        String authorization = request.getHeaders().get(HttpHeader.AUTHORIZATION);
        Authentication outcome = credentials.check(authorization);
        if (outcome instanceof Authentication.Refused refused && !operator.grants(authorization)) {
            LOG.warn("event=request_unauthorized path={} remote={} scheme={} reason=\"{}\"", path,
                    Request.getRemoteAddr(request), refused.scheme(), refused.reason());
            credentials.challenges().forEach(value -> response.getHeaders().add(HttpHeader.WWW_AUTHENTICATE, value));
            return Replies.textAndClose(response, callback, 401, "missing or wrong credentials for " + path);
        }
        return super.handle(request, response, callback);
    }

    private boolean allowed(InetAddress client) {
        if (allowedNetworks.isEmpty()) {
            return true;
        }
        return client != null && allowedNetworks.stream().anyMatch(network -> network.contains(client));
    }

    /**
     * The peer of the TCP connection. Forwarding headers are deliberately not consulted: anyone can write
     * them, so behind a proxy the allow-list sees the proxy.
     */
    private static InetAddress clientAddress(Request request) {
        SocketAddress remote = request.getConnectionMetaData().getRemoteSocketAddress();
        return remote instanceof InetSocketAddress inet ? inet.getAddress() : null;
    }
}

package dev.nomaddeployer.http;

import dev.nomaddeployer.metrics.DeployerMetrics;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * {@code GET /metrics}: every figure in Prometheus' text exposition format 0.0.4, which every Prometheus
 * version scrapes. Who may call it is decided before it runs ({@link AccessGuard}).
 */
final class MetricsHandler extends Handler.Abstract {
    static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

    private final DeployerMetrics metrics;

    MetricsHandler(DeployerMetrics metrics) {
        this.metrics = metrics;
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) {
        if (!"GET".equals(request.getMethod()) && !"HEAD".equals(request.getMethod())) {
            response.getHeaders().put(HttpHeader.ALLOW, "GET, HEAD");
            return Replies.textAndClose(response, callback, 405, "only GET is accepted at /metrics");
        }
        byte[] body = metrics.scrape().getBytes(StandardCharsets.UTF_8);
        response.setStatus(200);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, CONTENT_TYPE);
        response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-store");
        response.write(true, "HEAD".equals(request.getMethod()) ? ByteBuffer.allocate(0) : ByteBuffer.wrap(body),
                callback);
        return true;
    }
}

package dev.nomaddeployer.http;

import java.util.UUID;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * Gives every request an id (the caller's {@code X-Request-Id}, or a new one), echoes it back, puts it in
 * the logging context of everything the request logs, and logs one line per request when enabled.
 */
final class RequestLogHandler extends Handler.Wrapper {
    private static final Logger LOG = LoggerFactory.getLogger("request");
    static final String REQUEST_ID = "X-Request-Id";

    private final boolean logRequests;

    RequestLogHandler(Handler next, boolean logRequests) {
        super(next);
        this.logRequests = logRequests;
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) throws Exception {
        String given = request.getHeaders().get(REQUEST_ID);
        String id = given != null && given.matches("[A-Za-z0-9._:-]{1,128}") ? given : UUID.randomUUID().toString();
        response.getHeaders().put(REQUEST_ID, id);
        long started = System.nanoTime();
        String method = request.getMethod();
        String path = request.getHttpURI().getPath();
        String remote = Request.getRemoteAddr(request);
        Callback logging = logRequests ? Callback.from(callback, () -> log(id, method, path, remote, response, started))
                : callback;
        MDC.put("request_id", id);
        try {
            boolean handled = super.handle(request, response, logging);
            if (!handled) {
                return Replies.text(response, logging, 404, "no such endpoint: " + path);
            }
            return true;
        } finally {
            MDC.remove("request_id");
        }
    }

    private static void log(String id, String method, String path, String remote, Response response, long started) {
        MDC.put("request_id", id);
        try {
            LOG.info("event=request method={} path={} status={} remote={} duration_ms={}", method, path,
                    response.getStatus(), remote, (System.nanoTime() - started) / 1_000_000);
        } finally {
            MDC.remove("request_id");
        }
    }
}

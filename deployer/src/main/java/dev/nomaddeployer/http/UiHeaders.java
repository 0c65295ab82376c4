package dev.nomaddeployer.http;

import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * The headers every answer of the web UI carries, refusals included: a policy that lets the page run only its own
 * script and style and talk only to this service (no inline script, so injected markup cannot run), no sniffing,
 * no referrer, no framing (docs/web-ui.md).
 */
final class UiHeaders extends Handler.Wrapper {
    static final String POLICY = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self';"
            + " connect-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

    UiHeaders(Handler next) {
        super(next);
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) throws Exception {
        response.getHeaders().put("Content-Security-Policy", POLICY);
        response.getHeaders().put("X-Content-Type-Options", "nosniff");
        response.getHeaders().put("Referrer-Policy", "no-referrer");
        return super.handle(request, response, callback);
    }
}

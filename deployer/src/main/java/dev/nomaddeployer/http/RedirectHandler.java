package dev.nomaddeployer.http;

import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/** {@code GET /}: where a person who types the service's address lands (the web UI). */
final class RedirectHandler extends Handler.Abstract {
    private final String location;

    RedirectHandler(String location) {
        this.location = location;
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) {
        response.getHeaders().put(HttpHeader.LOCATION, location);
        return Replies.text(response, callback, 302, "the web UI is at " + location);
    }
}

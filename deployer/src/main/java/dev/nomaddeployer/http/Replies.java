package dev.nomaddeployer.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/** Writes the few kinds of answers the listener gives: plain text for errors, JSON for data. */
public final class Replies {
    public static final ObjectMapper JSON = new ObjectMapper();

    private Replies() {}

    public static boolean text(Response response, Callback callback, int status, String text) {
        response.setStatus(status);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "text/plain; charset=utf-8");
        Content.Sink.write(response, true, text.endsWith("\n") ? text : text + "\n", callback);
        return true;
    }

    /**
     * A text answer given without reading the request body. Jetty would close the connection afterwards anyway
     * if the body is still arriving, but a client that already put the connection back in its pool would send
     * its next request into a closing socket; saying so in the answer keeps it from reusing the connection.
     */
    public static boolean textAndClose(Response response, Callback callback, int status, String text) {
        response.getHeaders().put(HttpHeader.CONNECTION, "close");
        return text(response, callback, status, text);
    }

    public static boolean json(Response response, Callback callback, int status, JsonNode body) {
        response.setStatus(status);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json");
        try {
            Content.Sink.write(response, true, JSON.writeValueAsString(body) + "\n", callback);
        } catch (JsonProcessingException e) {
            callback.failed(e);
        }
        return true;
    }

    public static boolean empty(Response response, Callback callback, int status) {
        response.setStatus(status);
        callback.succeeded();
        return true;
    }
}

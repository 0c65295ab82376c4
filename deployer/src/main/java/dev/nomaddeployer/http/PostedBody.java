package dev.nomaddeployer.http;

import dev.nomaddeployer.config.GoDuration;
import java.time.Duration;
import java.util.function.Consumer;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * The body of a delivery, read within {@code server.max_body_bytes} and {@code server.timeout.read}: a complete
 * body goes on to {@code then}; a body too large, too slow or broken is answered here, the same way for every sender.
 */
final class PostedBody {
    private static final Logger LOG = LoggerFactory.getLogger(PostedBody.class);

    private PostedBody() {}

    /** @return false when the declared length is already over the limit (answered 413 at once) */
    static boolean read(Request request, Response response, Callback callback, long maxBodyBytes, Duration readTimeout,
                        Consumer<byte[]> then) {
        long declared = request.getLength();
        if (declared > maxBodyBytes) {
            Replies.textAndClose(response, callback, 413, "body of " + declared
                    + " bytes exceeds the limit of " + maxBodyBytes + " bytes (server.max_body_bytes)");
            return false;
        }
        String requestId = MDC.get("request_id");
        BodyReader.read(request, maxBodyBytes, readTimeout, body -> {
            // The body may complete on another thread than the one that began the request.
            MDC.put("request_id", requestId == null ? "" : requestId);
            try {
                answer(body, response, callback, then);
            } catch (RuntimeException | Error e) {
                LOG.error("event=webhook_failed reason=\"{}\"", e.toString(), e);
                callback.failed(e);
            } finally {
                MDC.remove("request_id");
            }
        });
        return true;
    }

    private static void answer(BodyReader.Body body, Response response, Callback callback, Consumer<byte[]> then) {
        if (body instanceof BodyReader.Complete complete) {
            then.accept(complete.bytes());
        } else if (body instanceof BodyReader.TooLarge tooLarge) {
            Replies.textAndClose(response, callback, 413, "body exceeds the limit of " + tooLarge.limit()
                    + " bytes (server.max_body_bytes)");
        } else if (body instanceof BodyReader.TimedOut timedOut) {
            LOG.warn("event=webhook_rejected reason=\"body not received within {} (server.timeout.read)\"",
                    GoDuration.format(timedOut.limit()));
            Replies.textAndClose(response, callback, 408, "the request body did not arrive within "
                    + GoDuration.format(timedOut.limit()) + " (server.timeout.read)");
        } else if (body instanceof BodyReader.Broken broken) {
            LOG.warn("event=webhook_rejected reason=\"body could not be read: {}\"", broken.cause().toString());
            Replies.textAndClose(response, callback, 400, "the request body could not be read");
        } else {
            throw new IllegalStateException("no handling for body " + body);
        }
    }
}

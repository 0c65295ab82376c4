package dev.nomaddeployer.webhook;

import java.io.IOException;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes the calls senders wait for ({@link SenderCallback}) after their delivery is stored, off the request's
 * thread: the delivery is answered first and never waits for them. A callback only confirms; when it fails the
 * push is stored all the same, so it is logged and not retried. The URL comes from the payload, so only HTTPS is
 * called (plain HTTP only to a loopback address, for tests), never following redirects.
 */
public final class SenderCallbacks implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(SenderCallbacks.class);

    private static final Pattern IP_LITERAL = Pattern.compile("[0-9.]+|\\[[0-9a-fA-F:.]+]");

    private final HttpClient http;
    private final Duration timeout;
    private final ExecutorService executor;

    public SenderCallbacks(Duration timeout) {
        this.timeout = timeout;
        this.executor = Executors.newSingleThreadExecutor(runnable -> {
            Thread thread = new Thread(runnable, "sender-callbacks");
            thread.setDaemon(true);
            return thread;
        });
        this.http = HttpClient.newBuilder().connectTimeout(timeout).followRedirects(HttpClient.Redirect.NEVER)
                .executor(executor).build();
    }

    public void confirm(String source, SenderCallback callback) {
        URI url = callback.url();
        if (!allowed(url)) {
            LOG.warn("event=sender_callback_skipped source={} reason=\"callback URL is not HTTPS\"", source);
            return;
        }
        HttpRequest request = HttpRequest.newBuilder(url).timeout(timeout).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(callback.body())).build();
        http.sendAsync(request, HttpResponse.BodyHandlers.discarding()).whenComplete((answer, failure) -> {
            if (failure != null) {
                LOG.warn("event=sender_callback_failed source={} host={} reason=\"{}\"", source, url.getHost(),
                        failure.getClass().getSimpleName());
            } else if (answer.statusCode() / 100 != 2) {
                LOG.warn("event=sender_callback_failed source={} host={} status={}", source, url.getHost(),
                        answer.statusCode());
            } else {
                LOG.debug("event=sender_callback_sent source={} host={}", source, url.getHost());
            }
        });
    }

    private static boolean allowed(URI url) {
        if ("https".equalsIgnoreCase(url.getScheme()) && url.getHost() != null) {
            return true;
        }
        if (!"http".equalsIgnoreCase(url.getScheme()) || url.getHost() == null) {
            return false;
        }
        String host = url.getHost();
        // Literal addresses only: a name would be looked up on the request's thread, and could name anything.
        if (!IP_LITERAL.matcher(host).matches()) {
            return host.equalsIgnoreCase("localhost");
        }
        try {
            return InetAddress.getByName(host).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }

    @Override
    public void close() {
        executor.shutdownNow();
    }
}

package dev.nomaddeployer.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.SocketTimeoutException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** What the registry sees while the listener stops or the store fails: never a 2xx for what was not stored. */
@Timeout(30)
class ListenerStopTest {
    private static final Duration CLIENT_TIMEOUT = Duration.ofSeconds(8);

    @TempDir
    Path dir;

    @Test
    void stopDoesNotWaitForIdleKeepAliveConnections() throws Exception {
        // Every time limit that could end the wait is an hour: if the stop waited for the idle connection to
        // close by itself, nothing would end it before this class's @Timeout fails the test.
        Duration hour = Duration.ofHours(1);
        Listener listener = Listener.start(dir, Listener.withTimeouts(hour, hour, hour));
        byte[] body = Notification.push();
        try (RawHttp keptAlive = new RawHttp(listener.port(), CLIENT_TIMEOUT)) {
            RawHttp.Reply reply = keptAlive.send(RawHttp.callbackHead("Content-Length: " + body.length))
                    .send(body).read();
            assertThat(reply.status()).isEqualTo(200);
            assertThat(reply.headers()).doesNotContainEntry("connection", "close");

            listener.close();

            // the stop itself closed the connection the registry kept open (a read time-out would mean it is open)
            assertThatThrownBy(keptAlive::read).isInstanceOf(IOException.class)
                    .isNotInstanceOf(SocketTimeoutException.class);
        }
    }

    @Test
    void callbackInFlightWhenTheStopBeginsIsStillStoredAndAnswered() throws Exception {
        byte[] body = Notification.push();
        try (Listener listener = Listener.start(dir, Listener.withStopTimeout(Duration.ofSeconds(10)));
             RawHttp http = new RawHttp(listener.port(), CLIENT_TIMEOUT)) {
            http.send(RawHttp.callbackHead("Content-Length: " + body.length, "Expect: 100-continue"));
            assertThat(http.read().status()).isEqualTo(100);

            CompletableFuture<Void> stopping = CompletableFuture.runAsync(() -> {
                try {
                    listener.server.close();
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            await().atMost(CLIENT_TIMEOUT).until(() -> listener.get("/health").statusCode() == 503);
            RawHttp.Reply reply = http.send(body).read();

            assertThat(reply.status()).isEqualTo(200);
            stopping.get(CLIENT_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
            assertThat(listener.stored()).hasSize(1);
        }
    }

    @Test
    void callbackAfterTheStopBeganAsksTheRegistryToRetry() throws Exception {
        try (Listener listener = Listener.start(dir, Listener.options())) {
            listener.server.beginShutdown();

            assertThat(listener.notify(Notification.push()).statusCode()).isEqualTo(503);
            assertThat(listener.stored()).isEmpty();
        }
    }

    @Test
    void callbackThatCannotBeStoredAsksTheRegistryToRetry() throws Exception {
        try (Listener listener = Listener.start(dir, Listener.options())) {
            listener.database.close();

            assertThat(listener.notify(Notification.push()).statusCode()).isEqualTo(503);
        }
    }
}

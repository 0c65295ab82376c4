package dev.nomaddeployer.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.nomaddeployer.config.CertificateFiles;
import java.io.BufferedReader;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import javax.net.ssl.SSLSocketFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Clients that hold connections without finishing their requests, and clients that hold too many. */
@Timeout(60)
class SlowClientsTest {
    private static final Duration READ_TIMEOUT = Duration.ofSeconds(1);
    /** Between two trickled bytes: well inside the idle timeout, which therefore never fires. */
    private static final Duration TRICKLE_PAUSE = Duration.ofMillis(100);
    /** How long a test waits for the server to act; generous, because a stalled client must not hang a test. */
    private static final Duration CLIENT_TIMEOUT = Duration.ofSeconds(30);
    private static final String HEALTH = "GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n";

    @TempDir
    Path dir;

    private static WebServer.Options withReadTimeout(Duration readTimeout) {
        return Listener.withLimits(Listener.options().maxBodyBytes(), readTimeout);
    }

    /**
     * Sends an endless head a byte at a time on another thread, until the connection breaks or the test ends.
     * The head never ends: its header value keeps growing, far below the 8 KiB head limit for as long as any
     * test runs.
     */
    private static Future<?> trickleHead(ExecutorService threads, RawHttp http) {
        return threads.submit(() -> {
            byte[] start = "GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ".getBytes(StandardCharsets.US_ASCII);
            try {
                for (byte b : start) {
                    http.send(new byte[] {b});
                    Thread.sleep(TRICKLE_PAUSE.toMillis());
                }
                while (true) {
                    http.send("a");
                    Thread.sleep(TRICKLE_PAUSE.toMillis());
                }
            } catch (IOException | InterruptedException closed) {
                return null;
            }
        });
    }

    @Test
    void headTrickledOneByteAtATimeIsCutOffOnceTheReadTimeoutHasPassed() throws Exception {
        assertTrickledHeadIsCutOff(false);
    }

    @Test
    void headTrickledOnAKeptAliveConnectionIsCutOffToo() throws Exception {
        assertTrickledHeadIsCutOff(true);
    }

    /** A head trickled byte by byte is cut off: not before the read time-out, with no answer or a 408. */
    private void assertTrickledHeadIsCutOff(boolean afterARequest) throws Exception {
        ExecutorService threads = Executors.newCachedThreadPool();
        try (Listener listener = Listener.start(dir, withReadTimeout(READ_TIMEOUT))) {
            long start = System.nanoTime();
            try (RawHttp http = new RawHttp(listener.port(), CLIENT_TIMEOUT)) {
                if (afterARequest) {
                    assertThat(http.send(HEALTH).read().status()).isEqualTo(204);
                }
                trickleHead(threads, http);

                String answer = http.awaitClose();

                assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(READ_TIMEOUT);
                assertThat(answer).satisfiesAnyOf(a -> assertThat(a).isEmpty(),
                        a -> assertThat(a).startsWith("HTTP/1.1 408"));
            }
        } finally {
            threads.shutdownNow();
        }
    }

    @Test
    void headSentInPiecesWithinTheReadTimeoutIsServed() throws Exception {
        try (Listener listener = Listener.start(dir, withReadTimeout(Duration.ofSeconds(10)));
             RawHttp http = new RawHttp(listener.port(), CLIENT_TIMEOUT)) {
            for (String piece : List.of("GET /health HTT", "P/1.1\r\nHost: 127", ".0.0.1\r\n", "\r\n")) {
                http.send(piece);
                Thread.sleep(300);
            }

            assertThat(http.read().status()).isEqualTo(204);
        }
    }

    @Test
    void requestsAreServedWhileManyClientsTrickleTheirHeads() throws Exception {
        ExecutorService threads = Executors.newCachedThreadPool();
        List<RawHttp> slow = new ArrayList<>();
        try (Listener listener = Listener.start(dir, withReadTimeout(Duration.ofSeconds(10)))) {
            for (int i = 0; i < 40; i++) {
                RawHttp http = new RawHttp(listener.port(), CLIENT_TIMEOUT);
                slow.add(http);
                trickleHead(threads, http);
            }

            assertThat(listener.get("/health").statusCode()).isEqualTo(204);
        } finally {
            threads.shutdownNow();
            for (RawHttp http : slow) {
                http.close();
            }
        }
    }

    @Test
    void connectionsOverTheCapOfOneAddressAreClosedWhileOtherAddressesAreServed() throws Exception {
        int cap = 3;
        InetAddress greedy = InetAddress.getByName("127.0.0.1");
        InetAddress other = InetAddress.getByName("127.0.0.2");
        List<RawHttp> held = new ArrayList<>();
        // a read timeout longer than the test, so that no held connection is closed for being idle
        WebServer.Options options = withReadTimeout(Duration.ofMinutes(5)).withMaxConnectionsPerClient(cap);
        try (CapturedLog log = new CapturedLog(); Listener listener = Listener.start(dir, options)) {
            for (int i = 0; i < cap; i++) {
                RawHttp http = new RawHttp(greedy, listener.port(), CLIENT_TIMEOUT);
                held.add(http);
                // answered, so the server has counted it before the next one opens
                assertThat(http.send(HEALTH).read().status()).isEqualTo(204);
            }

            for (int i = 0; i < 3; i++) {
                try (RawHttp over = new RawHttp(greedy, listener.port(), CLIENT_TIMEOUT)) {
                    sendIgnoringAClosedConnection(over, HEALTH);
                    assertThat(over.awaitClose()).as("answer to connection %d over the cap", i + 1).isEmpty();
                }
            }
            try (RawHttp fromOther = new RawHttp(other, listener.port(), CLIENT_TIMEOUT)) {
                assertThat(fromOther.send(HEALTH).read().status()).isEqualTo(204);
            }
            assertThat(held.get(0).send(HEALTH).read().status()).as("a held connection still works").isEqualTo(204);
            assertThat(log.lines()).filteredOn(line -> line.contains("event=connection_refused"))
                    .singleElement().asString()
                    .contains("remote=127.0.0.1", "refused=1", "limit=3");

            held.remove(0).close();

            await().atMost(CLIENT_TIMEOUT).ignoreExceptions().untilAsserted(() -> {
                try (RawHttp again = new RawHttp(greedy, listener.port(), CLIENT_TIMEOUT)) {
                    assertThat(again.send(HEALTH).read().status()).isEqualTo(204);
                }
            });
        } finally {
            for (RawHttp http : held) {
                http.close();
            }
        }
    }

    @Test
    void overTlsEachConnectionCountsOnceAgainstTheCap() throws Exception {
        ListenerTlsTest.SelfSigned pki = ListenerTlsTest.SelfSigned.create("EC");
        CertificateFiles files = new CertificateFiles(pki.writeCertificate(dir.resolve("cert.pem")),
                pki.writePkcs8Key(dir.resolve("key.pem")));
        WebServer.Options options = Listener.withTls(files).withMaxConnectionsPerClient(2);
        SSLSocketFactory tls = pki.clientTrustingIt().getSocketFactory();
        List<Socket> held = new ArrayList<>();
        try (Listener listener = Listener.start(dir, options, pki.clientTrustingIt())) {
            for (int i = 0; i < 2; i++) {
                Socket socket = tls.createSocket("127.0.0.1", listener.port());
                held.add(socket);
                socket.setSoTimeout((int) CLIENT_TIMEOUT.toMillis());
                assertThat(statusOf(socket)).as("connection %d, within the cap", i + 1).startsWith("HTTP/1.1 204");
            }

            try (Socket over = tls.createSocket("127.0.0.1", listener.port())) {
                over.setSoTimeout((int) CLIENT_TIMEOUT.toMillis());
                assertThatThrownBy(() -> statusOf(over)).isInstanceOf(IOException.class)
                        .isNotInstanceOf(SocketTimeoutException.class);
            }
        } finally {
            for (Socket socket : held) {
                socket.close();
            }
        }
    }

    /** Sends a health check down {@code socket} and returns the status line of the answer. */
    private static String statusOf(Socket socket) throws IOException {
        socket.getOutputStream().write(HEALTH.getBytes(StandardCharsets.US_ASCII));
        socket.getOutputStream().flush();
        String status = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.ISO_8859_1))
                .readLine();
        if (status == null) {
            throw new EOFException("closed without an answer");
        }
        return status.strip();
    }

    /** The server may close a refused connection before the request is written; the answer tells either way. */
    private static void sendIgnoringAClosedConnection(RawHttp http, String text) {
        try {
            http.send(text);
        } catch (IOException closedAlready) {
            // awaitClose() is what the test asserts on
        }
    }
}

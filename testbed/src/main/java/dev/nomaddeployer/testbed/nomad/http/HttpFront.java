package dev.nomaddeployer.testbed.nomad.http;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsParameters;
import com.sun.net.httpserver.HttpsServer;
import dev.nomaddeployer.testbed.nomad.RecordedRequest;
import dev.nomaddeployer.testbed.nomad.state.NomadError;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;

/** The listening socket: faults first, then routing, then the answer; every request is recorded. */
public final class HttpFront {
    /** What the next request gets before any routing: nothing special, an error answer, or a dropped connection. */
    public sealed interface Fault permits Proceed, Fail, Drop {
    }

    public record Proceed() implements Fault {
    }

    public record Fail(int status, String body) implements Fault {
    }

    public record Drop() implements Fault {
    }

    /** The fault plan the front consults per request. */
    public interface Faults {
        Duration latency();

        /** The fault for this request, decided before its body is read. */
        Fault next(String method, String path);

        /** Whether the answer to this request, already handled, is lost: the connection closes without it. */
        boolean loseAnswer(String method, String path, String rawQuery);
    }

    private final Routes routes;
    private final Faults faults;
    private final List<RecordedRequest> records;
    private final SSLContext tls;
    private final boolean requireClientCert;
    private final ExecutorService executor = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "nomad-sim-http");
        t.setDaemon(true);
        return t;
    });
    private HttpServer server;
    private int port;

    public HttpFront(Routes routes, Faults faults, List<RecordedRequest> records, SSLContext tls,
              boolean requireClientCert) {
        this.routes = routes;
        this.faults = faults;
        this.records = records;
        this.tls = tls;
        this.requireClientCert = requireClientCert;
    }

    public synchronized void start(int requestedPort) {
        try {
            InetSocketAddress address = new InetSocketAddress(InetAddress.getLoopbackAddress(), requestedPort);
            if (tls != null) {
                HttpsServer https = HttpsServer.create(address, 64);
                https.setHttpsConfigurator(new HttpsConfigurator(tls) {
                    @Override
                    public void configure(HttpsParameters params) {
                        SSLParameters ssl = tls.getDefaultSSLParameters();
                        ssl.setNeedClientAuth(requireClientCert);
                        params.setSSLParameters(ssl);
                    }
                });
                server = https;
            } else {
                server = HttpServer.create(address, 64);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("nomad-sim cannot listen on 127.0.0.1:" + requestedPort, e);
        }
        server.createContext("/", this::handle);
        server.setExecutor(executor);
        server.start();
        port = server.getAddress().getPort();
    }

    public synchronized void stop() {
        if (server != null) {
            server.stop(0);
            server = null;
        }
    }

    public void shutdown() {
        stop();
        executor.shutdownNow();
    }

    public int port() {
        return port;
    }

    public boolean https() {
        return tls != null;
    }

    private void handle(HttpExchange exchange) {
        if (exchange.getRequestURI().getPath().equals(RequestCounts.PATH)) {
            answerUnrecorded(exchange, RequestCounts.reply(exchange.getRequestMethod(), List.copyOf(records)));
            return;
        }
        int status = 0;
        boolean recorded = false;
        try {
            Thread.sleep(faults.latency().toMillis());
            Fault decision = faults.next(exchange.getRequestMethod(), exchange.getRequestURI().getPath());
            if (decision instanceof Drop) {
                // closing before any response header was sent drops the TCP connection
                exchange.close();
                return;
            }
            byte[] body = exchange.getRequestBody().readAllBytes();
            Reply reply;
            if (decision instanceof Fail fail) {
                reply = Reply.text(fail.status(), fail.body(), Map.of());
            } else {
                try {
                    reply = routes.handle(exchange, body);
                } catch (NomadError e) {
                    reply = Reply.text(e.status(), e.getMessage(), Map.of());
                } catch (RuntimeException e) {
                    reply = Reply.text(500, String.valueOf(e.getMessage()), Map.of());
                }
            }
            if (reply == null) {
                status = 200;
                return;
            }
            status = reply.status();
            // recorded before the answer leaves, so a client that has its answer also finds it in requests()
            record(exchange, status);
            recorded = true;
            if (faults.loseAnswer(exchange.getRequestMethod(), exchange.getRequestURI().getPath(),
                    exchange.getRequestURI().getRawQuery())) {
                exchange.close();
                return;
            }
            send(exchange, reply);
        } catch (IOException | InterruptedException e) {
            exchange.close();
        } finally {
            if (!recorded) {
                record(exchange, status);
            }
        }
    }

    private static void answerUnrecorded(HttpExchange exchange, Reply reply) {
        try {
            exchange.getRequestBody().readAllBytes();
            send(exchange, reply);
        } catch (IOException e) {
            exchange.close();
        }
    }

    private static void send(HttpExchange exchange, Reply reply) throws IOException {
        reply.headers().forEach((k, v) -> exchange.getResponseHeaders().set(k, v));
        exchange.sendResponseHeaders(reply.status(), reply.body().length == 0 ? -1 : reply.body().length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(reply.body());
        }
    }

    private void record(HttpExchange exchange, int status) {
        Map<String, String> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        exchange.getRequestHeaders().forEach((k, v) -> headers.put(k, v.isEmpty() ? "" : v.get(0)));
        records.add(new RecordedRequest(Instant.now(), exchange.getRequestMethod(),
                exchange.getRequestURI().getPath(), exchange.getRequestURI().getRawQuery(),
                Collections.unmodifiableMap(headers), status));
    }
}

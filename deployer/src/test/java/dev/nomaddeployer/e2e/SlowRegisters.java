package dev.nomaddeployer.e2e;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Sits between the service and Nomad and holds every job register for a while before passing it on, while
 * reads pass at once. A second attempt at a job started during the first one then reaches Nomad while the
 * first register is still held, so two registers of one job in flight at once are seen here, in order.
 */
final class SlowRegisters implements AutoCloseable {
    private static final Set<String> HOP_HEADERS = Set.of("connection", "content-length", "host", "transfer-encoding",
            "upgrade", "expect", "keep-alive");

    private final HttpServer server;
    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private final URI nomad;
    private final Duration hold;
    private final Map<String, AtomicInteger> inFlight = new ConcurrentHashMap<>();
    private final AtomicInteger overlapping = new AtomicInteger();
    private final AtomicInteger registers = new AtomicInteger();
    private final AtomicInteger answered = new AtomicInteger();

    SlowRegisters(URI nomad, Duration hold) throws IOException {
        this.nomad = nomad;
        this.hold = hold;
        this.server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setExecutor(Executors.newCachedThreadPool());
        server.createContext("/", this::forward);
        server.start();
    }

    URI baseUrl() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    /** Registers of one job that reached Nomad while another register of that job was still in flight. */
    int overlapping() {
        return overlapping.get();
    }

    int registers() {
        return registers.get();
    }

    /** Registers that were held, passed on to Nomad and are over (answered, or their client gone). */
    int answered() {
        return answered.get();
    }

    private void forward(HttpExchange exchange) throws IOException {
        String path = exchange.getRequestURI().getRawPath();
        boolean register = exchange.getRequestMethod().equals("POST") && path.matches("/v1/job/[^/]+");
        AtomicInteger job = register ? inFlight.computeIfAbsent(path, p -> new AtomicInteger()) : null;
        try {
            if (register) {
                registers.incrementAndGet();
                if (job.incrementAndGet() > 1) {
                    overlapping.incrementAndGet();
                }
                Thread.sleep(hold.toMillis());
            }
            byte[] body = exchange.getRequestBody().readAllBytes();
            HttpRequest.Builder request = HttpRequest.newBuilder(nomad.resolve(exchange.getRequestURI().toString()))
                    .timeout(Duration.ofSeconds(30))
                    .method(exchange.getRequestMethod(), body.length == 0 ? HttpRequest.BodyPublishers.noBody()
                            : HttpRequest.BodyPublishers.ofByteArray(body));
            exchange.getRequestHeaders().forEach((name, values) -> {
                if (!HOP_HEADERS.contains(name.toLowerCase())) {
                    values.forEach(value -> request.header(name, value));
                }
            });
            HttpResponse<byte[]> answer = client.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
            answer.headers().map().forEach((name, values) -> {
                if (!HOP_HEADERS.contains(name.toLowerCase()) && !name.startsWith(":")) {
                    exchange.getResponseHeaders().put(name, List.copyOf(values));
                }
            });
            exchange.sendResponseHeaders(answer.statusCode(), answer.body().length == 0 ? -1 : answer.body().length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(answer.body());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            exchange.close();
        } catch (IOException e) {
            exchange.close();
        } finally {
            if (register) {
                job.decrementAndGet();
                answered.incrementAndGet();
            }
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}

package dev.nomaddeployer.notify;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.ToIntFunction;

/**
 * A webhook receiver on loopback, as a sink's owner would run one: it keeps every request it was sent and answers
 * with the status {@link #answer} gives, so a test can make it refuse, fail or go away ({@link #stop}) and return
 * ({@link #start}) on the same port.
 */
public final class Receiver implements AutoCloseable {
    /** One request as it arrived: the raw body bytes and the headers, and the status it was answered with. */
    public record Request(String path, Headers headers, byte[] body, int status) {
        public String header(String name) {
            return headers.getFirst(name);
        }

        long deliveryId() {
            return Long.parseLong(header(SinkClient.DELIVERY_HEADER));
        }
    }

    private final List<Request> requests = new ArrayList<>();
    private volatile ToIntFunction<byte[]> answer = body -> 200;
    private HttpServer server;
    private ExecutorService executor;
    private int port;

    public static Receiver started() {
        Receiver receiver = new Receiver();
        receiver.start();
        return receiver;
    }

    synchronized void start() {
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        port = server.getAddress().getPort();
        executor = Executors.newSingleThreadExecutor();
        server.setExecutor(executor);
        server.createContext("/", exchange -> {
            byte[] body = exchange.getRequestBody().readAllBytes();
            int status = answer.applyAsInt(body);
            synchronized (requests) {
                requests.add(new Request(exchange.getRequestURI().getPath(), exchange.getRequestHeaders(), body, status));
            }
            exchange.sendResponseHeaders(status, -1);
            exchange.close();
        });
        server.start();
    }

    /** Stops listening: connections are refused until {@link #start}. */
    synchronized void stop() {
        server.stop(0);
        executor.shutdownNow();
    }

    void answer(ToIntFunction<byte[]> status) {
        this.answer = status;
    }

    public String url(String path) {
        return "http://127.0.0.1:" + port + path;
    }

    List<Request> requests() {
        synchronized (requests) {
            return List.copyOf(requests);
        }
    }

    /** The requests it took (answered 2xx): what the sink's owner received. */
    public List<Request> received() {
        return requests().stream().filter(r -> r.status() >= 200 && r.status() < 300).toList();
    }

    @Override
    public synchronized void close() {
        stop();
    }
}

package dev.nomaddeployer.testbed.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Predicate;

/**
 * A stand-in notification endpoint on loopback: records every POST the registry makes and answers with a
 * status the test programs (e.g. 500 for the next three, or for two seconds), so retry behaviour can be
 * observed on the real registry. Only POSTs are recorded; anything else gets 405.
 */
public final class NotificationSink implements AutoCloseable {
    public static final String DEFAULT_PATH = "/registry/callback";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpServer server;
    private final ExecutorService executor;
    private final String path;
    private final List<ReceivedNotification> received = new ArrayList<>();
    private int defaultStatus = 200;
    private int failuresLeft;
    private int failureStatus;
    private Instant failWindowEnd = Instant.MIN;
    private int failWindowStatus;
    private Duration answerDelay = Duration.ZERO;

    private NotificationSink(String path) throws IOException {
        this.path = path;
        this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
        this.executor = Executors.newCachedThreadPool(runnable -> {
            Thread thread = new Thread(runnable, "notification-sink");
            thread.setDaemon(true);
            return thread;
        });
        server.setExecutor(executor);
        server.createContext("/", this::handle);
        server.start();
    }

    /** A sink listening on a free loopback port at {@link #DEFAULT_PATH}. */
    public static NotificationSink start() {
        return start(DEFAULT_PATH);
    }

    public static NotificationSink start(String path) {
        try {
            return new NotificationSink(path);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open a loopback listener for the notification sink", e);
        }
    }

    /** The URL to give the registry as its endpoint. */
    public URI url() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + path);
    }

    /** From now on answer every POST with {@code status} (default 200). */
    public synchronized void answerWith(int status) {
        defaultStatus = status;
    }

    /** Answer the next {@code count} POSTs with {@code status}, then go back to the default. */
    public synchronized void failNext(int count, int status) {
        failuresLeft = count;
        failureStatus = status;
    }

    /** Answer every POST with {@code status} until {@code window} has passed from now. */
    public synchronized void failFor(Duration window, int status) {
        failWindowEnd = Instant.now().plus(window);
        failWindowStatus = status;
    }

    /** Hold every answer this long, e.g. beyond the endpoint {@code timeout} so the registry gives up on it. */
    public synchronized void delayAnswers(Duration delay) {
        answerDelay = delay;
    }

    /** Everything received so far, in arrival order. */
    public synchronized List<ReceivedNotification> received() {
        return List.copyOf(received);
    }

    /** Every event of every POST in arrival order, re-sent ones included. */
    public synchronized List<JsonNode> events() {
        return received.stream().flatMap(notification -> notification.events().stream()).toList();
    }

    /** The events of the POSTs answered 2xx: what a receiver would have taken in, each once. */
    public synchronized List<JsonNode> acceptedEvents() {
        return received.stream().filter(ReceivedNotification::accepted)
                .flatMap(notification -> notification.events().stream()).toList();
    }

    /**
     * Waits until {@code condition} holds for what has been received, and returns that.
     *
     * @throws AssertionError naming what did arrive, when {@code timeout} passes first
     */
    public synchronized List<ReceivedNotification> await(Predicate<List<ReceivedNotification>> condition, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.test(List.copyOf(received))) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw new AssertionError("the registry's notifications did not match within " + timeout
                        + "; received " + received.size() + ":\n" + describe(received));
            }
            try {
                wait(Math.max(1, left / 1_000_000));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted while waiting for notifications", e);
            }
        }
        return List.copyOf(received);
    }

    /** Waits for the first accepted event that matches, and returns it. */
    public JsonNode awaitEvent(Predicate<JsonNode> matcher, Duration timeout) {
        List<ReceivedNotification> all = await(list -> firstAccepted(list, matcher).isPresent(), timeout);
        return firstAccepted(all, matcher).orElseThrow();
    }

    /** Forgets what was received and goes back to answering 200 at once. */
    public synchronized void reset() {
        received.clear();
        defaultStatus = 200;
        failuresLeft = 0;
        failWindowEnd = Instant.MIN;
        answerDelay = Duration.ZERO;
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }

    private static Optional<JsonNode> firstAccepted(List<ReceivedNotification> list, Predicate<JsonNode> matcher) {
        return list.stream().filter(ReceivedNotification::accepted)
                .flatMap(notification -> notification.events().stream()).filter(matcher).findFirst();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            if (!"POST".equals(exchange.getRequestMethod())) {
                exchange.sendResponseHeaders(405, -1);
                return;
            }
            String raw = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            JsonNode body;
            try {
                body = JSON.readTree(raw);
            } catch (IOException notJson) {
                body = MissingNode.getInstance();
            }
            int status;
            Duration delay;
            synchronized (this) {
                status = nextStatus();
                delay = answerDelay;
                received.add(new ReceivedNotification(Instant.now(), exchange.getRequestURI().getPath(),
                        exchange.getRequestHeaders(), raw, body == null ? MissingNode.getInstance() : body, status));
                notifyAll();
            }
            if (!delay.isZero()) {
                try {
                    Thread.sleep(delay.toMillis());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
            byte[] answer = (status >= 200 && status < 300 ? "" : "sink programmed to answer " + status)
                    .getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(status, answer.length == 0 ? -1 : answer.length);
            if (answer.length > 0) {
                exchange.getResponseBody().write(answer);
            }
        }
    }

    private int nextStatus() {
        if (failuresLeft > 0) {
            failuresLeft--;
            return failureStatus;
        }
        if (Instant.now().isBefore(failWindowEnd)) {
            return failWindowStatus;
        }
        return defaultStatus;
    }

    private static String describe(List<ReceivedNotification> received) {
        StringBuilder out = new StringBuilder();
        for (ReceivedNotification notification : received) {
            for (JsonNode event : notification.events()) {
                JsonNode target = event.path("target");
                out.append("  ").append(notification.answeredStatus()).append(' ')
                        .append(event.path("id").asText()).append(' ')
                        .append(event.path("action").asText()).append(' ')
                        .append(target.path("repository").asText())
                        .append(target.has("tag") ? ":" + target.path("tag").asText() : "").append(' ')
                        .append(target.path("mediaType").asText()).append(' ')
                        .append(target.path("digest").asText()).append('\n');
            }
            if (notification.events().isEmpty()) {
                out.append("  ").append(notification.answeredStatus()).append(" (no events) ").append(notification.rawBody()).append('\n');
            }
        }
        return out.toString();
    }
}

package dev.nomaddeployer.testbed.nomad.http;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import dev.nomaddeployer.testbed.go.GoJson;
import dev.nomaddeployer.testbed.nomad.Acl;
import dev.nomaddeployer.testbed.nomad.NomadVersion;
import dev.nomaddeployer.testbed.nomad.state.ClusterState;
import dev.nomaddeployer.testbed.nomad.state.EventBroker;
import dev.nomaddeployer.testbed.nomad.state.EventSubscription;
import dev.nomaddeployer.testbed.nomad.state.NomadError;
import dev.nomaddeployer.testbed.nomad.state.NomadEvent;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * `GET /v1/event/stream` (nomad-api.md#event-stream, #event-query): `{}` at once and on every heartbeat,
 * then one frame per line.
 */
public final class EventStream {
    private record TopicKey(String topic, String key) {
    }

    /** Topics a client token may read with read-job; every other topic (and `*`) needs management. */
    private static final java.util.Set<String> JOB_TOPICS = java.util.Set.of(
            "Job", "Evaluation", "Deployment", "Allocation", "Service");

    private final ClusterState state;
    private final Supplier<Duration> heartbeat;
    private final NomadVersion version;

    public EventStream(ClusterState state, Supplier<Duration> heartbeat, NomadVersion version) {
        this.state = state;
        this.heartbeat = heartbeat;
        this.version = version;
    }

    /**
     * Serves the stream, or its refusal: [2.0] has written 200 and its headers before the ACL check, so a refused
     * token gets a body that ends without a line; 1.10 answers the 403 (nomad-api.md#event-stream-ends).
     */
    void serve(HttpExchange exchange, long fromIndex, Query q, Acl.Token token) throws IOException {
        Predicate<NomadEvent> filter;
        try {
            filter = filter(q, token);
        } catch (NomadError e) {
            if (version != NomadVersion.V2_0 || e.status() != 403) {
                throw e;
            }
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.getResponseHeaders().set("Cache-Control", "no-cache");
            exchange.sendResponseHeaders(200, 0);
            exchange.close();
            return;
        }
        serve(exchange, fromIndex, filter);
    }

    /** Validates the request; errors here still get a normal status code. */
    Predicate<NomadEvent> filter(Query q, Acl.Token token) {
        List<TopicKey> topics = new ArrayList<>();
        for (String t : q.all("topic")) {
            String[] parts = t.split(":", -1);
            if (parts.length > 2) {
                throw NomadError.badRequest("Invalid topic query: error parsing topics: "
                        + "Invalid key value pair for topic, topic: " + t);
            }
            topics.add(new TopicKey(parts[0], parts.length == 2 ? parts[1] : "*"));
        }
        if (topics.isEmpty()) {
            topics.add(new TopicKey("*", "*"));
        }
        String namespace = q.getOr("namespace", "default");
        // Event.validateACL: `*` stands for every existing namespace and each one must pass for each
        // topic; nothing is filtered afterwards, a token short of any of it gets a 403
        List<String> namespaces = namespace.equals("*") ? state.namespaceNames() : List.of(namespace);
        for (String ns : namespaces) {
            for (TopicKey t : topics) {
                boolean readJobTopic = JOB_TOPICS.contains(t.topic());
                if (!token.management() && (!readJobTopic || !token.allows(ns, Acl.READ_JOB))) {
                    throw NomadError.permissionDenied();
                }
            }
        }
        return event -> (namespace.equals("*") || event.namespace().equals(namespace))
                && topics.stream().anyMatch(t -> (t.topic().equals("*") || t.topic().equals(event.topic()))
                        && event.matchesKey(t.key()));
    }

    static long startIndex(Query q) {
        String text = q.get("index");
        if (text == null || text.isEmpty()) {
            return 0;
        }
        try {
            return Integer.parseInt(text);
        } catch (NumberFormatException e) {
            throw NomadError.badRequest("Unable to parse index: strconv.Atoi: parsing \"" + text
                    + "\": invalid syntax");
        }
    }

    void serve(HttpExchange exchange, long fromIndex, Predicate<NomadEvent> filter) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.getResponseHeaders().set("Cache-Control", "no-cache");
        exchange.sendResponseHeaders(200, 0);
        EventSubscription subscription = state.subscribe(fromIndex, filter);
        try (OutputStream out = exchange.getResponseBody()) {
            writeLine(out, "{}");
            long interval = heartbeat.get().toNanos();
            long nextBeat = System.nanoTime() + interval;
            while (true) {
                EventBroker.Frame frame = subscription.next(Math.max(1, nextBeat - System.nanoTime()));
                if (frame == null) {
                    writeLine(out, "{}");
                    nextBeat = System.nanoTime() + interval;
                    continue;
                }
                writeLine(out, GoJson.compact(toJson(frame)));
            }
        } catch (InterruptedException e) {
            // the simulator is going down: end the stream like a server shutdown would
        } finally {
            subscription.cancel();
            exchange.close();
        }
    }

    private static ObjectNode toJson(EventBroker.Frame frame) {
        ObjectNode json = GoJson.object().put("Index", frame.index());
        ArrayNode events = json.putArray("Events");
        frame.events().forEach(e -> events.add(e.toJson()));
        return json;
    }

    private static void writeLine(OutputStream out, String line) throws IOException {
        out.write((line + "\n").getBytes(StandardCharsets.UTF_8));
        out.flush();
    }
}

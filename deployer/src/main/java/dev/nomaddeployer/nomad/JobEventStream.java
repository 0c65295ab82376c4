package dev.nomaddeployer.nomad;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * One open {@code GET /v1/event/stream?topic=Job&topic=Deployment}: newline-delimited JSON, {@code {}} as heartbeat, otherwise
 * one frame per Raft entry. {@link #next()} blocks; {@link #close()} from another thread ends a blocked read.
 */
public final class JobEventStream implements AutoCloseable {
    private final NomadCall call;
    private final InputStream body;
    private final BufferedReader lines;
    private final ObjectMapper json;

    JobEventStream(NomadCall call, InputStream body, ObjectMapper json) {
        this.call = call;
        this.body = body;
        this.lines = new BufferedReader(new InputStreamReader(body, StandardCharsets.UTF_8));
        this.json = json;
    }

    /** What one line of the stream said. */
    public sealed interface Line {}

    /** {@code {}}: the stream is alive (sent at once on connect and then every 30 s). */
    public record Heartbeat() implements Line {}

    /**
     * The events of one Raft entry at {@code index}: those of topic Job in {@code events}, those of topic
     * Deployment in {@code deployments}. An entry that touched only deployments has no job events.
     */
    public record Frame(long index, List<JobEvent> events, List<DeploymentEvent> deployments) implements Line {}

    /**
     * One event of topic Job. {@code job} is the whole job after the change, or before it when {@code deleted}
     * (a purge); a status change carries the job too, with its {@code JobModifyIndex} unchanged.
     */
    public record JobEvent(String type, JsonNode job, boolean deleted) {}

    /**
     * One event of topic Deployment ({@code PlanResult} when created, {@code DeploymentStatusUpdate},
     * {@code AllocationUpdated} for health counts, {@code DeploymentPromotion}, ...), with the whole deployment
     * after the change.
     */
    public record DeploymentEvent(String type, ObjectNode deployment) {}

    /** The next line; fails when the stream ends or breaks (Nomad closes streams on shutdown and leader loss). */
    public Line next() throws NomadException {
        String line;
        try {
            line = lines.readLine();
        } catch (IOException e) {
            throw new NomadException(call, new NomadError.Unavailable("the event stream broke: " + e.getMessage()));
        }
        if (line == null) {
            throw new NomadException(call, new NomadError.Unavailable("Nomad ended the event stream"));
        }
        JsonNode node;
        try {
            node = json.readTree(line);
        } catch (IOException e) {
            throw new NomadException(call, new NomadError.BadAnswer("the event stream sent a line that is not JSON"));
        }
        if (node == null || !node.isObject()) {
            throw new NomadException(call, new NomadError.BadAnswer("the event stream sent a line that is not an object"));
        }
        if (node.isEmpty()) {
            return new Heartbeat();
        }
        if (!node.path("Index").isIntegralNumber() || !node.path("Events").isArray()) {
            throw new NomadException(call, new NomadError.BadAnswer("the event stream sent a frame without Index or Events"));
        }
        List<JobEvent> events = new ArrayList<>();
        List<DeploymentEvent> deployments = new ArrayList<>();
        for (JsonNode event : node.path("Events")) {
            JsonNode payload = event.path("Payload");
            String topic = event.path("Topic").asText();
            if ("Job".equals(topic) && payload.path("Job").isObject()) {
                events.add(new JobEvent(event.path("Type").asText(), payload.path("Job"),
                        payload.path("Deleted").asBoolean(false)));
            } else if ("Deployment".equals(topic) && payload.path("Deployment") instanceof ObjectNode deployment) {
                deployments.add(new DeploymentEvent(event.path("Type").asText(), deployment));
            }
        }
        return new Frame(node.path("Index").asLong(), List.copyOf(events), List.copyOf(deployments));
    }

    @Override
    public void close() {
        try {
            body.close();
        } catch (IOException e) {
            // nothing more to read either way
        }
    }
}

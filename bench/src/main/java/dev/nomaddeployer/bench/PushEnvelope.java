package dev.nomaddeployer.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.UUID;

/**
 * Notification bodies shaped exactly like a captured tag push of a real registry; only the fields that
 * identify the push (ids, time, host, repository, tag, digest) are replaced.
 */
public final class PushEnvelope {
    static final String MEDIA_TYPE = "application/vnd.docker.distribution.events.v1+json";
    private static final String CAPTURE = "/fixtures/registry/first-push-then-second-tag.json";

    private final ObjectMapper json;
    private final ObjectNode capturedEvent;

    private PushEnvelope(ObjectMapper json, ObjectNode capturedEvent) {
        this.json = json;
        this.capturedEvent = capturedEvent;
    }

    /** Takes the first event of the capture that pushed a tag (the others are blob pushes). */
    public static PushEnvelope fromCapture(ObjectMapper json) {
        try (InputStream in = PushEnvelope.class.getResourceAsStream(CAPTURE)) {
            if (in == null) {
                throw new IllegalStateException(CAPTURE + " is missing from the benchmark jar");
            }
            for (JsonNode delivery : json.readTree(in)) {
                JsonNode event = delivery.path("body").path("events").path(0);
                if (event.path("target").hasNonNull("tag")) {
                    return new PushEnvelope(json, (ObjectNode) event);
                }
            }
            throw new IllegalStateException(CAPTURE + " holds no tag push");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + CAPTURE, e);
        }
    }

    public byte[] body(Instant timestamp, String registryHost, String repository, String tag) {
        ObjectNode event = capturedEvent.deepCopy();
        String digest = "sha256:" + sha256(repository + ":" + tag);
        event.put("id", UUID.randomUUID().toString());
        event.put("timestamp", timestamp.toString());
        ObjectNode target = (ObjectNode) event.get("target");
        target.put("repository", repository);
        target.put("tag", tag);
        target.put("digest", digest);
        target.put("url", "http://" + registryHost + "/v2/" + repository + "/manifests/" + digest);
        ObjectNode request = (ObjectNode) event.get("request");
        request.put("id", UUID.randomUUID().toString());
        request.put("host", registryHost);
        ObjectNode envelope = json.createObjectNode();
        envelope.putArray("events").add(event);
        try {
            return json.writeValueAsBytes(envelope);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK always has SHA-256", e);
        }
    }
}

package dev.nomaddeployer.registry;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.Optional;
import java.util.function.Function;

/**
 * A sender's body read as one JSON object, the same way for every sender (trailing tokens refused), and what is
 * said when it is none.
 */
public final class JsonPayload {
    private static final ObjectMapper JSON = new ObjectMapper().enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    private JsonPayload() {}

    /** {@code reader} applied to the body's JSON object; malformed, saying why, when the body is none. */
    public static NotificationBatch read(byte[] body, Function<JsonNode, NotificationBatch> reader) {
        if (body == null || body.length == 0) {
            return new NotificationBatch.Malformed("body is empty");
        }
        JsonNode root;
        try {
            root = JSON.readTree(body);
        } catch (JacksonException e) {
            return new NotificationBatch.Malformed("body is not JSON: " + e.getOriginalMessage());
        } catch (IOException e) {
            return new NotificationBatch.Malformed("body is not JSON: " + e.getMessage());
        }
        if (root == null || !root.isObject()) {
            return new NotificationBatch.Malformed("body is not a JSON object");
        }
        return reader.apply(root);
    }

    /** The body's JSON object, for reading what is not a delivery's pushes (a callback's address). */
    public static Optional<JsonNode> object(byte[] body) {
        if (body == null || body.length == 0) {
            return Optional.empty();
        }
        try {
            JsonNode root = JSON.readTree(body);
            return root != null && root.isObject() ? Optional.of(root) : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        }
    }
}

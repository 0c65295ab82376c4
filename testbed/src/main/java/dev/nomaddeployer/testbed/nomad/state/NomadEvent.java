package dev.nomaddeployer.testbed.nomad.state;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.nomaddeployer.testbed.go.GoJson;

/**
 * One event of the event stream (nomad-api.md#event-types); Type names the Raft entry, not the object.
 * {@code deleted}: the object left its table (a purged job), so the payload is its last state
 * (nomad-api.md#event-job-deleted).
 */
public record NomadEvent(String topic, String type, String key, String namespace, JsonNode filterKeys, long index,
                  String payloadName, ObjectNode payload, boolean deleted) {

    public NomadEvent(String topic, String type, String key, String namespace, JsonNode filterKeys, long index,
                      String payloadName, ObjectNode payload) {
        this(topic, type, key, namespace, filterKeys, index, payloadName, payload, false);
    }

    public ObjectNode toJson() {
        ObjectNode json = GoJson.object().put("Topic", topic).put("Type", type).put("Key", key)
                .put("Namespace", namespace);
        json.set("FilterKeys", filterKeys);
        json.put("Index", index);
        ObjectNode body = GoJson.object();
        body.set(payloadName, payload);
        if (deleted) {
            body.put("Deleted", true); // omitempty in Nomad's JobEvent
        }
        json.set("Payload", body);
        return json;
    }

    public boolean matchesKey(String wanted) {
        if (wanted.equals("*") || wanted.equals(key)) {
            return true;
        }
        if (filterKeys != null && filterKeys.isArray()) {
            for (JsonNode k : filterKeys) {
                if (k.asText().equals(wanted)) {
                    return true;
                }
            }
        }
        return false;
    }
}

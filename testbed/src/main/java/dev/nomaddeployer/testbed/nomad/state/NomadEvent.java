package dev.nomaddeployer.testbed.nomad.state;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.nomaddeployer.testbed.go.GoJson;

/** One event of the event stream (nomad-api.md#event-types); Type names the Raft entry, not the object. */
public record NomadEvent(String topic, String type, String key, String namespace, JsonNode filterKeys, long index,
                  String payloadName, ObjectNode payload) {

    public ObjectNode toJson() {
        ObjectNode json = GoJson.object().put("Topic", topic).put("Type", type).put("Key", key)
                .put("Namespace", namespace);
        json.set("FilterKeys", filterKeys);
        json.put("Index", index);
        json.set("Payload", GoJson.object().set(payloadName, payload));
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

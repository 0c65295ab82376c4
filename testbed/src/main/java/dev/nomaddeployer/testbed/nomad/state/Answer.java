package dev.nomaddeployer.testbed.nomad.state;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * What a read computed: its index (nomad-api.md#endpoint-index), the body, or a not-found error that
 * still carries the index headers, and the next page's token of a list.
 */
public record Answer(long index, JsonNode body, NomadError error, String nextToken) {
    static Answer of(long index, JsonNode body) {
        return new Answer(index, body, null, null);
    }

    static Answer missing(long index, String message) {
        return new Answer(index, null, NomadError.notFound(message), null);
    }
}

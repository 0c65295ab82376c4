package dev.nomaddeployer.testbed.nomad.state;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.nomaddeployer.testbed.go.GoBodyDecoder;
import dev.nomaddeployer.testbed.go.GoDecodeException;
import dev.nomaddeployer.testbed.go.GoStruct;

/** Decoding as the agent decodes a request: what Go's decoder rejects is a 400 with Go's text (nomad-api.md#decode-errors). */
final class RequestBody {
    private RequestBody() {
    }

    static ObjectNode decode(byte[] body, GoStruct type) {
        try {
            return GoBodyDecoder.decode(body, type);
        } catch (GoDecodeException e) {
            throw NomadError.badRequest(e.getMessage());
        }
    }

    /** The same for a JSON tree built in-process, as if it had been sent; {@code path} names it in Go's errors. */
    static ObjectNode decode(GoStruct type, ObjectNode tree, String path) {
        try {
            return GoBodyDecoder.decodeStruct(type, tree, path);
        } catch (GoDecodeException e) {
            throw NomadError.badRequest(e.getMessage());
        }
    }
}

package dev.nomaddeployer.testbed.nomad;

import java.time.Instant;
import java.util.Map;

/**
 * One request the simulator received. {@code headers} holds the first value of each header, looked up
 * case-insensitively; {@code status} is 0 when the connection was dropped by a fault.
 */
public record RecordedRequest(Instant time, String method, String path, String query, Map<String, String> headers,
                              int status) {
}

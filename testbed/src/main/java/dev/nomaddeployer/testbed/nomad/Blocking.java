package dev.nomaddeployer.testbed.nomad;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.function.Supplier;

/**
 * Nomad's blockingRPC (rule 20): answer once the endpoint's index passes `?index=`, or when the wait
 * runs out with the unchanged data. Readers sleep on the state monitor that every write notifies.
 */
final class Blocking {

    /** What a read computed: its index (rule 19), the body, or a not-found error that still has headers. */
    record Answer(long index, JsonNode body, NomadError error, String nextToken) {
        static Answer of(long index, JsonNode body) {
            return new Answer(index, body, null, null);
        }

        static Answer missing(long index, String message) {
            return new Answer(index, null, NomadError.notFound(message), null);
        }
    }

    private Blocking() {
    }

    static Answer run(ClusterState state, QueryOptions options, Supplier<Answer> read) {
        long deadline = System.nanoTime() + options.blockNanos();
        synchronized (state) {
            while (true) {
                Answer answer = read.get();
                long left = deadline - System.nanoTime();
                if (options.minIndex() == 0 || answer.index() > options.minIndex() || left <= 0) {
                    return answer;
                }
                try {
                    state.wait(Math.max(1, left / 1_000_000), 0);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return answer;
                }
            }
        }
    }
}

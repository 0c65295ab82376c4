package dev.nomaddeployer.testbed.nomad.http;

import dev.nomaddeployer.testbed.nomad.state.Answer;
import dev.nomaddeployer.testbed.nomad.state.ClusterState;
import java.util.function.Supplier;

/**
 * Nomad's blockingRPC (nomad-api.md#blocking-query): answer once the endpoint's index passes `?index=`, or
 * when the wait runs out with the unchanged data. The waiting itself is the state's ({@link ClusterState#readUntil}).
 */
final class Blocking {
    private Blocking() {
    }

    static Answer run(ClusterState state, QueryOptions options, Supplier<Answer> read) {
        long deadline = System.nanoTime() + options.blockNanos();
        return state.readUntil(read, answer -> options.minIndex() == 0 || answer.index() > options.minIndex(),
                deadline);
    }
}

package dev.nomaddeployer.config;

import java.net.InetAddress;
import java.time.Duration;
import java.util.Optional;

/**
 * High availability: several replicas share one store, and the one holding the dispatch lease applies.
 *
 * @param failover how long a lease lasts without renewal, so how soon another replica takes over from a dead one
 * @param replica  this replica's name in the lease: unique among the replicas sharing the store
 */
public record HaSettings(Duration failover, String replica) {

    /** {@code ha.replica} when set (or Nomad's {@code NOMAD_ALLOC_ID}), else {@code <hostname>-<pid>}. */
    static HaSettings of(Duration failover, Optional<String> replica) {
        return new HaSettings(failover, replica.orElseGet(HaSettings::hostAndPid));
    }

    private static String hostAndPid() {
        String host = System.getenv("HOSTNAME");
        if (host == null || host.isBlank()) {
            try {
                host = InetAddress.getLocalHost().getHostName();
            } catch (Exception e) {
                host = "localhost";
            }
        }
        return host + "-" + ProcessHandle.current().pid();
    }
}

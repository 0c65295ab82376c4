package dev.nomaddeployer.store;

import dev.nomaddeployer.registry.PushEvent;
import java.time.Instant;

/**
 * The newest push still to be applied to one job for one repository. Older pushes that arrive for the same
 * pair are folded into this row (newest wins), which is how bursts coalesce into one register.
 */
public record Target(String namespace, String jobId, String repository, String explicitKey, long eventSeq,
                     PushEvent push, Instant receivedAt, int attempts) {
    public String jobKey() {
        return namespace + "/" + jobId;
    }
}

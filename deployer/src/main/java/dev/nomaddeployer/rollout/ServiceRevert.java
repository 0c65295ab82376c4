package dev.nomaddeployer.rollout;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.nomaddeployer.nomad.NomadClient;
import dev.nomaddeployer.nomad.NomadException;
import dev.nomaddeployer.nomad.RegisterResult;
import java.util.List;

/**
 * {@code deploy.on_failure = revert}: after a failed rollout Nomad did not revert, register the job's last stable
 * version again, as {@code nomad job revert} does, with EnforcePriorVersion set to the failed version so that a
 * version someone wrote meanwhile is never replaced.
 */
final class ServiceRevert {
    /** How the revert went. */
    sealed interface Result {}

    /** Version {@code toVersion} was registered again as {@code newVersion}. */
    record Reverted(long toVersion, long newVersion, RegisterResult register) implements Result {}

    /** Nothing was reverted, and why. */
    record NotReverted(String reason) implements Result {}

    private final NomadClient nomad;

    ServiceRevert(NomadClient nomad) {
        this.nomad = nomad;
    }

    Result revert(Rollout failed) throws NomadException {
        String ns = failed.job().namespace();
        List<ObjectNode> newestFirst = nomad.jobVersions(ns, failed.job().jobId());
        long current = newestFirst.isEmpty() ? -1 : newestFirst.get(0).path("Version").asLong();
        if (current != failed.jobVersion()) {
            return new NotReverted("the job moved on to version " + current + " meanwhile; it is left as it is");
        }
        for (ObjectNode version : newestFirst) {
            long number = version.path("Version").asLong();
            if (number < failed.jobVersion() && version.path("Stable").asBoolean()) {
                RegisterResult register = nomad.revertJob(ns, failed.job().jobId(), number, failed.jobVersion());
                return new Reverted(number, current + 1, register);
            }
        }
        return new NotReverted("Nomad keeps no stable version older than " + failed.jobVersion() + " to revert to");
    }
}

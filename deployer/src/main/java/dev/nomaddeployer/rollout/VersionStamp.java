package dev.nomaddeployer.rollout;

import dev.nomaddeployer.nomad.NomadClient;
import dev.nomaddeployer.nomad.NomadError;
import dev.nomaddeployer.nomad.NomadException;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Names each job version the service created after the tag it brought (Nomad 1.9+ version tags), so operators see
 * {@code 1.6.0} in {@code nomad job history} and can {@code nomad job revert web 1.6.0}, and Nomad keeps that
 * version from version garbage collection. Name: the value set (several, joined by {@code +}); when that name is
 * already on another version of the job (the tag was deployed before), {@code <name>-v<version>}. Description:
 * what changed and from which push. An older Nomad has no tags: the first answer saying so ends the attempts.
 */
final class VersionStamp {
    private final NomadClient nomad;
    private volatile boolean unsupported;

    VersionStamp(NomadClient nomad) {
        this.nomad = nomad;
    }

    /** The name given, or "" when the version gets none. Retryable failures are thrown: try again later. */
    String stamp(Rollout rollout, List<ValueSet> values) throws NomadException {
        if (unsupported || values.isEmpty()) {
            return "";
        }
        String name = values.stream().map(ValueSet::newValue).distinct().collect(Collectors.joining("+"));
        String description = "nomad-deployer: " + values.stream()
                .map(v -> v.key() + " " + v.oldValue() + " -> " + v.newValue()).collect(Collectors.joining(", "));
        for (String candidate : List.of(name, name + "-v" + rollout.jobVersion())) {
            try {
                nomad.tagVersion(rollout.job().namespace(), rollout.job().jobId(), rollout.jobVersion(), candidate,
                        description);
                return candidate;
            } catch (NomadException e) {
                if (e.error() instanceof NomadError.Unsupported) {
                    unsupported = true;
                    return "";
                }
                if (e.error() instanceof NomadError.Rejected) {
                    continue; // the name is on another version: the same tag deployed before
                }
                if (e.error().retryable()) {
                    throw e;
                }
                return ""; // the version is gone, or the token may not tag: nothing to gain by retrying
            }
        }
        return "";
    }
}

package dev.nomaddeployer.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.nomaddeployer.nomad.NomadClient;
import dev.nomaddeployer.nomad.NomadException;
import java.util.List;
import java.util.Optional;

/**
 * The service stopped after Nomad accepted a register and before the answer was recorded; on restart the job
 * is already at the tag. What this service did is still in Nomad: the first version submitted after the push
 * was received that is at the tag is the one it created, the version before it holds the old values, and the
 * register's evaluation carries that version's JobModifyIndex. Reading them back records the register as it
 * happened instead of as "already current" without an eval or version.
 */
final class LostRegistration {
    /** The register read back: the version it created, its evaluation (null if Nomad no longer has it), the changes. */
    record Found(long jobVersion, long jobModifyIndex, String evalId, List<MetaChange> changes) {}

    private final NomadClient nomad;
    private final Planner planner;

    LostRegistration(NomadClient nomad, Planner planner) {
        this.nomad = nomad;
        this.planner = planner;
    }

    Optional<Found> find(Target target) throws NomadException {
        List<ObjectNode> newestFirst = nomad.jobVersions(target.namespace(), target.jobId());
        long receivedNanos = target.receivedAt().getEpochSecond() * 1_000_000_000L + target.receivedAt().getNano();
        for (int i = newestFirst.size() - 1; i >= 0; i--) {
            ObjectNode version = newestFirst.get(i);
            if (version.path("SubmitTime").asLong() < receivedNanos || !(plan(version, target) instanceof Plan.AlreadyCurrent)) {
                continue;
            }
            List<MetaChange> changes = i + 1 < newestFirst.size()
                    && plan(newestFirst.get(i + 1), target) instanceof Plan.Update update ? update.changes() : List.of();
            return Optional.of(new Found(version.path("Version").asLong(), version.path("JobModifyIndex").asLong(),
                    evalOf(target, version), changes));
        }
        return Optional.empty();
    }

    private Plan plan(ObjectNode job, Target target) {
        return target.explicitKey() == null ? planner.plan(job, target.push())
                : planner.planExplicit(job, target.push(), target.explicitKey());
    }

    private String evalOf(Target target, ObjectNode version) throws NomadException {
        long jobModifyIndex = version.path("JobModifyIndex").asLong();
        for (JsonNode evaluation : nomad.jobEvaluations(target.namespace(), target.jobId())) {
            if (evaluation.path("JobModifyIndex").asLong() == jobModifyIndex
                    && "job-register".equals(evaluation.path("TriggeredBy").asText())) {
                return evaluation.path("ID").asText(null);
            }
        }
        return null;
    }
}

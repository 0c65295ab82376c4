package dev.nomaddeployer.deploy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Map;

/** What to do with one job for one push. */
public sealed interface Plan permits Plan.Update, Plan.AlreadyCurrent, Plan.Skip {

    /**
     * Register {@code job}: a modified deep copy of the fetched job with {@code changes} applied and
     * {@code VersionTag} set to null. {@code skipped} names the usages of the pushed image in the same job
     * that could not be updated (undefined key, refused by its tag policy), for the caller to log.
     * {@code allowedBy}: per changed key, the tag policy that allowed the new value, as the history names it.
     * {@code pinsDigest}: the job names the pushed tag's digest, so the registry must confirm that the tag still
     * points at it before the register (a late push of an older digest must not win).
     */
    record Update(ObjectNode job, List<MetaChange> changes, List<String> skipped, Map<String, String> allowedBy,
                  boolean pinsDigest)
            implements Plan {
        public Update {
            changes = List.copyOf(changes);
            skipped = List.copyOf(skipped);
            allowedBy = Map.copyOf(allowedBy);
        }

        public Update(ObjectNode job, List<MetaChange> changes, List<String> skipped) {
            this(job, changes, skipped, Map.of(), false);
        }
    }

    /** Every usage the push applies to already has the value: registering would change nothing. */
    record AlreadyCurrent(String detail) implements Plan {
    }

    /** Nothing to do for this job, and why. */
    record Skip(String reason) implements Plan {
    }
}

package dev.nomaddeployer.deploy;

import java.util.Optional;

/**
 * Per job and repository, the newest push wins: by the registry's timestamp, then by our receive order (a
 * push with the same timestamp that arrives later wins). What loses is recorded as superseded, so no push
 * disappears without a trace. The store applies the ruling in the same transaction in which it read the
 * slot, so no claim or finish can come in between.
 */
public final class NewestPushWins {
    private NewestPushWins() {}

    /** Whether the offered push takes the job's slot, and what is recorded as superseded because of it. */
    public record Ruling(boolean takesSlot, Optional<Decision> superseded) {}

    /**
     * @param holder the target now holding the slot, null if the job has none for this repository
     * @param holderPending whether {@code holder} is still waiting (not being applied, not done)
     */
    public static Ruling offer(Target holder, boolean holderPending, Target offered) {
        if (holder == null) {
            return new Ruling(true, Optional.empty());
        }
        if (offered.push().timestamp().isBefore(holder.push().timestamp())) {
            return new Ruling(false, Optional.of(Decision.of(offered, Outcome.SUPERSEDED, "pushed at "
                    + offered.push().timestamp() + ", before the push of tag " + holder.push().tag()
                    + " already received; not applied")));
        }
        if (holderPending) {
            return new Ruling(true, Optional.of(Decision.of(holder, Outcome.SUPERSEDED, "replaced by the newer push"
                    + " of tag " + offered.push().tag() + " before it was applied")));
        }
        return new Ruling(true, Optional.empty());
    }
}

package dev.nomaddeployer.deploy;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * Per job and repository, the newest push wins: by the registry's timestamp, then by our receive order (a
 * push with the same timestamp that arrives later wins). What loses is recorded as superseded, so no push
 * disappears without a trace. The store applies the ruling in the same transaction in which it read the
 * slot, so no claim or finish can come in between.
 *
 * <p>The registry's timestamp is trusted only within {@link #CLOCK_TOLERANCE} of our receipt: it orders
 * pushes the registry re-sent late, and clocks that differ a little. A timestamp further off (a broken clock,
 * or a forged event dated 1600 or 2200) ranks as the oldest plausible one, {@code receipt - tolerance}, so it
 * can never outrank a push received after it, and the value stored for ordering always fits in a long.
 */
public final class NewestPushWins {
    /** How far the registry's timestamp may be from our receipt and still be used for ordering. */
    public static final Duration CLOCK_TOLERANCE = Duration.ofMinutes(10);

    private NewestPushWins() {}

    /** The instant a push received at {@code receivedAt} ranks by. */
    public static Instant rank(Instant pushedAt, Instant receivedAt) {
        Instant earliest = receivedAt.minus(CLOCK_TOLERANCE);
        if (pushedAt.isBefore(earliest) || pushedAt.isAfter(receivedAt.plus(CLOCK_TOLERANCE))) {
            return earliest;
        }
        return pushedAt;
    }

    /** Whether the offered push takes the job's slot, and what is recorded as superseded because of it. */
    public record Ruling(boolean takesSlot, Optional<Decision> superseded) {}

    /**
     * @param holder the target now holding the slot, null if the job has none for this repository
     * @param holderPending whether {@code holder} is still waiting (not being applied, not done)
     */
    public static Ruling offer(Target holder, boolean holderPending, Target offered) {
        return offer(holder, holderPending, offered, null);
    }

    /**
     * As {@link #offer(Target, boolean, Target)}, but when the job's tag policy ranks tags ({@code ranking}, e.g.
     * {@code semver:^1}) the higher version wins whatever the order of arrival: {@code 1.6.9} pushed after
     * {@code 1.7.0} never takes its place while that waits. Tags the policy ranks equal, or cannot rank, and pushes
     * offered after the holder was applied, fall back to arrival.
     */
    public static Ruling offer(Target holder, boolean holderPending, Target offered, TagRanking ranking) {
        if (holder == null) {
            return new Ruling(true, Optional.empty());
        }
        // Only against a push still waiting: one already applied (or refused at apply, e.g. a rolled-back 1.7.0) is
        // not what the job runs, and the planner's "never below the running version" is the guard from then on.
        int byPolicy = ranking == null || !holderPending ? 0
                : ranking.compare(offered.push().tag(), holder.push().tag());
        if (byPolicy < 0) {
            return new Ruling(false, Optional.of(Decision.of(offered, Outcome.SUPERSEDED, "tag " + offered.push().tag()
                    + " ranks below tag " + holder.push().tag() + ", already received, under policy "
                    + ranking.describe() + "; not applied")));
        }
        if (byPolicy > 0) {
            return new Ruling(true, Optional.of(Decision.of(holder, Outcome.SUPERSEDED, "replaced by tag "
                    + offered.push().tag() + ", which ranks above it under policy " + ranking.describe()
                    + ", before it was applied")));
        }
        if (offered.rank().isBefore(holder.rank())) {
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

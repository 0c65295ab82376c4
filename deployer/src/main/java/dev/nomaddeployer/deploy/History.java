package dev.nomaddeployer.deploy;

import java.time.Instant;
import java.util.List;

/** Every decision the deployer recorded, newest first, for the API and the {@code history} command. */
public interface History {
    List<HistoryEntry> find(HistoryQuery query);

    /** Deletes decisions recorded before {@code before}; returns how many. */
    int prune(Instant before);

    /**
     * Counts the decisions recorded after position {@code after} ({@code -1}: none counted yet, so only the
     * position is found), by outcome. Positions only grow, and pruning does not move them, so successive
     * tallies count every committed decision exactly once.
     */
    DecisionTally decisionsAfter(long after);
}

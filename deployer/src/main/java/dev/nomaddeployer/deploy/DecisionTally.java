package dev.nomaddeployer.deploy;

import java.util.Map;

/**
 * How many decisions of each outcome were recorded after a point in the history, and the point reached:
 * {@code through} is the position of the last one counted, the {@code after} of the next tally.
 */
public record DecisionTally(long through, Map<Outcome, Long> counts) {
    public DecisionTally {
        counts = Map.copyOf(counts);
    }
}

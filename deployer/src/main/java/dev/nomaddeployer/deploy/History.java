package dev.nomaddeployer.deploy;

import java.time.Instant;
import java.util.List;

/** Every decision the deployer recorded, newest first, for the API and the {@code history} command. */
public interface History {
    List<HistoryEntry> find(HistoryQuery query);

    /** Deletes decisions recorded before {@code before}; returns how many. */
    int prune(Instant before);
}

package dev.nomaddeployer.deploy;

import java.util.Optional;

/**
 * Filters of the history listing; newest first, {@code page} counts from 1. {@code rollout} is the label of a
 * rollout status: only registers whose rollout stands there.
 */
public record HistoryQuery(Optional<String> jobId, Optional<String> repository, Optional<Outcome> outcome,
                           Optional<String> rollout, int page, int perPage) {
    public static final int MAX_PER_PAGE = 500;

    public HistoryQuery(Optional<String> jobId, Optional<String> repository, Optional<Outcome> outcome, int page,
                        int perPage) {
        this(jobId, repository, outcome, Optional.empty(), page, perPage);
    }

    public HistoryQuery {
        if (page < 1) {
            throw new IllegalArgumentException("page must be 1 or more, got " + page);
        }
        if (perPage < 1 || perPage > MAX_PER_PAGE) {
            throw new IllegalArgumentException("per_page must be between 1 and " + MAX_PER_PAGE + ", got " + perPage);
        }
    }
}

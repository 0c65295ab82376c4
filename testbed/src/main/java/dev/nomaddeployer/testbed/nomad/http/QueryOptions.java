package dev.nomaddeployer.testbed.nomad.http;

import dev.nomaddeployer.testbed.go.GoDuration;
import dev.nomaddeployer.testbed.nomad.state.NomadError;
import dev.nomaddeployer.testbed.nomad.state.Registrar;
import java.util.concurrent.ThreadLocalRandom;

/** The blocking-query options every read endpoint parses first (nomad-api.md#namespace-param, #region, #blocking-query, #blocking-wait, #query-errors). */
record QueryOptions(String namespace, long minIndex, long waitNanos, int perPage, String nextToken,
                    boolean reverse, String filter) {
    static final long MAX_WAIT_NANOS = 300_000_000_000L;
    static final long DEFAULT_WAIT_NANOS = MAX_WAIT_NANOS;
    /** What Go's strconv.ParseBool accepts. */
    private static final java.util.Set<String> GO_BOOLS = java.util.Set.of(
            "1", "t", "T", "TRUE", "true", "True", "0", "f", "F", "FALSE", "false", "False");

    static QueryOptions parse(Query q) {
        // the agent's parse(): stale, then per_page, then wait, then index; the first bad one answers
        String stale = q.get("stale");
        if (stale != null && !stale.isEmpty() && !GO_BOOLS.contains(stale)) {
            throw NomadError.badRequest("Expect `true` or `false` for `stale` query string parameter");
        }
        int perPage = 0;
        String perPageText = q.get("per_page");
        if (perPageText != null && !perPageText.isEmpty()) {
            try {
                perPage = Integer.parseInt(perPageText);
            } catch (NumberFormatException e) {
                throw NomadError.badRequest("Expect a number for `per_page` query string parameter");
            }
        }
        long wait = DEFAULT_WAIT_NANOS;
        String waitText = q.get("wait");
        if (waitText != null && !waitText.isEmpty()) {
            wait = GoDuration.parseNanos(waitText);
            if (wait == GoDuration.INVALID) {
                throw NomadError.badRequest("Invalid wait time");
            }
        }
        long index = 0;
        String indexText = q.get("index");
        if (indexText != null && !indexText.isEmpty()) {
            try {
                index = Long.parseUnsignedLong(indexText);
            } catch (NumberFormatException e) {
                throw NomadError.badRequest("Invalid index");
            }
        }
        Registrar.requireRegion(q.getOr("region", ""));
        return new QueryOptions(q.getOr("namespace", "default"), index, wait, perPage, q.getOr("next_token", ""),
                "true".equals(q.get("reverse")), q.getOr("filter", ""));
    }

    /** Nomad's TimeToBlock: capped at 5 minutes, plus up to wait/16 of jitter. */
    long blockNanos() {
        // TimeToBlock: zero or negative means the default
        long wait = Math.min(waitNanos <= 0 ? DEFAULT_WAIT_NANOS : waitNanos, MAX_WAIT_NANOS);
        long jitter = wait / 16;
        return wait + (jitter > 0 ? ThreadLocalRandom.current().nextLong(jitter) : 0);
    }
}

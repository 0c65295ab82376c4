package dev.nomaddeployer.store;

import java.time.Instant;

final class Times {
    private Times() {}

    /**
     * Registry timestamps carry nanoseconds; ordering by them needs all of the precision. Only ranks
     * ({@code NewestPushWins.rank}, always near the receipt) are stored, so this never overflows; if it did, it
     * throws rather than wrap into a value that would rank as newest.
     */
    static long nanos(Instant instant) {
        return Math.addExact(Math.multiplyExact(instant.getEpochSecond(), 1_000_000_000L), instant.getNano());
    }
}

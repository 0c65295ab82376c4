package dev.nomaddeployer.store;

import java.time.Instant;

final class Times {
    private Times() {}

    /** Registry timestamps carry nanoseconds; ordering by them needs all of the precision. */
    static long nanos(Instant instant) {
        return instant.getEpochSecond() * 1_000_000_000L + instant.getNano();
    }
}

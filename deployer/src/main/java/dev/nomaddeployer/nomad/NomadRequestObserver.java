package dev.nomaddeployer.nomad;

import java.time.Duration;

/** Told of every request to Nomad once it ended, answered or not; the metrics count them. */
@FunctionalInterface
public interface NomadRequestObserver {
    NomadRequestObserver NONE = (kind, status, took) -> { };

    /**
     * @param status the HTTP status Nomad answered, 0 when no answer arrived (unreachable, timed out, broken)
     * @param took   from sending the request until its whole answer was read, or the failure
     */
    void requested(NomadCall.Kind kind, int status, Duration took);
}

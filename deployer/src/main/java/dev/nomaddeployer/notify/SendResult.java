package dev.nomaddeployer.notify;

import java.time.Duration;
import java.util.Optional;

/** What one attempt to hand a notice to a sink came to; the sender decides by the type. */
public sealed interface SendResult {
    /** The sink answered 2xx. */
    record Delivered(int status) implements SendResult {}

    /**
     * The sink could not take it now (unreachable, timed out, 5xx, 408, 429): try again later, no later notice
     * first. {@code retryAfter} is the sink's own {@code Retry-After}, when it gave one.
     */
    record Retry(String reason, Optional<Duration> retryAfter) implements SendResult {}

    /** The sink refused this notice for good (any other 4xx, or a 3xx we do not follow): sending it again cannot help. */
    record Refused(String reason) implements SendResult {}
}

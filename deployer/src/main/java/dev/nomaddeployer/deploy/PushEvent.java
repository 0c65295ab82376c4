package dev.nomaddeployer.deploy;

import java.time.Instant;

/**
 * A tag that now points at a manifest in a registry: the one event type everything downstream consumes.
 * {@code registryHost} is the host[:port] the pusher used to reach the registry, as written by it;
 * {@code digest}, {@code mediaType} and {@code actor} may be null.
 */
public record PushEvent(String eventId, Instant timestamp, String registryHost, String repository, String tag,
                        String digest, String mediaType, String actor) {
}

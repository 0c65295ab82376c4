package dev.nomaddeployer.deploy;

import java.time.Instant;

/**
 * A tag that now points at a manifest in a registry: the one event type everything downstream consumes, whichever
 * sender reported it. {@code registryHost} is the host[:port] the pusher used to reach the registry, as written by
 * it; {@code digest}, {@code mediaType} and {@code actor} may be null. {@code source} names who reported the push
 * ({@link #DISTRIBUTION} for the registry's own notifications, a webhook source's name, or {@code poll}): the
 * pipeline never looks at it, the inbox uses it to tell the same push reported twice by two senders.
 */
public record PushEvent(String eventId, Instant timestamp, String registryHost, String repository, String tag,
                        String digest, String mediaType, String actor, String source) {
    /** The distribution registry's notifications at {@code /registry/callback}. */
    public static final String DISTRIBUTION = "distribution";

    /** A push the distribution registry notified. */
    public PushEvent(String eventId, Instant timestamp, String registryHost, String repository, String tag,
                     String digest, String mediaType, String actor) {
        this(eventId, timestamp, registryHost, repository, tag, digest, mediaType, actor, DISTRIBUTION);
    }

    public PushEvent withDigest(String resolved) {
        return new PushEvent(eventId, timestamp, registryHost, repository, tag, resolved, mediaType, actor, source);
    }
}

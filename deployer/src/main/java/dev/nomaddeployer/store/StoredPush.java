package dev.nomaddeployer.store;

import dev.nomaddeployer.registry.PushEvent;
import java.time.Instant;

/** A push the webhook accepted, with its place in the receive order. */
public record StoredPush(long seq, PushEvent push, Instant receivedAt, int attempts) {}

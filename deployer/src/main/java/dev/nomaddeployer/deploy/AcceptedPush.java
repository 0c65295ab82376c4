package dev.nomaddeployer.deploy;

import java.time.Instant;

/** A push the webhook accepted into the inbox, with its place in the receive order. */
public record AcceptedPush(long seq, PushEvent push, Instant receivedAt, int attempts) {}

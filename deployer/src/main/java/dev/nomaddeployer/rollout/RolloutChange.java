package dev.nomaddeployer.rollout;

import java.time.Instant;

/** One step of a rollout as it was seen: our status and Nomad's text at that moment. */
public record RolloutChange(Instant at, RolloutStatus status, String description) {}

package dev.nomaddeployer.rollout;

/** One meta value the service set in a version it wrote, and the value it replaced. */
public record ValueSet(String key, String oldValue, String newValue) {}

package dev.nomaddeployer.rollout;

/** One task group of a Nomad deployment: how many allocations it wants, placed, and found healthy or not. */
public record GroupProgress(String group, long desired, long placed, long healthy, long unhealthy,
                            long desiredCanaries, boolean promoted) {}

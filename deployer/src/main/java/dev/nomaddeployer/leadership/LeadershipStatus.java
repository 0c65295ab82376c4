package dev.nomaddeployer.leadership;

import java.util.Optional;

/**
 * What {@code /api/v1/status} reports about leadership.
 *
 * @param leader the lease row while some replica holds it; empty when it is free (released or expired)
 */
public record LeadershipStatus(String replica, boolean leading, Optional<Lease> leader) {}

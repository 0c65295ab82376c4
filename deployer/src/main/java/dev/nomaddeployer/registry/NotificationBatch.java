package dev.nomaddeployer.registry;

import dev.nomaddeployer.deploy.PushEvent;
import java.util.List;

/** What one notification envelope means to the deployer. */
public sealed interface NotificationBatch permits NotificationBatch.Accepted, NotificationBatch.Malformed {

    /**
     * A well-formed envelope: the tagged manifest pushes in it, in envelope order, and one short reason per
     * other event ({@code "pull"}, {@code "blob push"}, {@code "untagged manifest push"}, {@code "delete"},
     * {@code "invalid tag ..."}, ...).
     */
    record Accepted(List<PushEvent> pushes, List<String> ignored) implements NotificationBatch {
        public Accepted {
            pushes = List.copyOf(pushes);
            ignored = List.copyOf(ignored);
        }
    }

    /** Not a notification envelope; {@code reason} says what is wrong and where. */
    record Malformed(String reason) implements NotificationBatch {
    }
}

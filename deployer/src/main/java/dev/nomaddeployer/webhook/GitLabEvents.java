package dev.nomaddeployer.webhook;

import dev.nomaddeployer.registry.NotificationBatch;
import dev.nomaddeployer.registry.Notifications;
import java.util.List;

/**
 * GitLab's container registry. GitLab's project and group webhooks have no registry event; what GitLab sends on a
 * push is its registry's own notifications, set up by the instance's administrator ({@code registry['notifications']}
 * in {@code gitlab.rb}, or the registry's {@code notifications.endpoints}). That registry is a fork of distribution
 * and keeps its envelope, adding only fields this reading does not need ({@code actor.user_type}, {@code meta}) and
 * one action ({@code rename} of a repository path, ignored like pulls, mounts and deletes), so the one reading of
 * the envelope is used. The endpoint's {@code headers} carry the secret: {@code Authorization: Bearer <secret>}, the
 * secret alone in {@code Authorization} (as GitLab's own examples write it), or {@code X-Gitlab-Token: <secret>}.
 */
public final class GitLabEvents implements WebhookSource {
    public static final String NAME = "gitlab";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String title() {
        return "GitLab";
    }

    @Override
    public List<SenderProof> proofs() {
        return List.of(new SenderProof.HeaderSecret("Authorization", "Bearer"),
                new SenderProof.HeaderSecret("Authorization", ""),
                new SenderProof.HeaderSecret("X-Gitlab-Token", ""));
    }

    @Override
    public NotificationBatch read(WebhookRequest request) {
        return Notifications.parse(request.body(), NAME);
    }
}

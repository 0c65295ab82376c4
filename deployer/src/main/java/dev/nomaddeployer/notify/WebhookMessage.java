package dev.nomaddeployer.notify;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.util.Optional;

/** The generic webhook's body: every field of the notice, always present, null when unknown (docs/notifications.md). */
final class WebhookMessage {
    private static final ObjectMapper JSON = new ObjectMapper();

    private WebhookMessage() {}

    static ObjectNode render(NoticeOutbox.Delivery delivery, Optional<URI> nomadUi) {
        Notice n = delivery.notice();
        ObjectNode body = JSON.createObjectNode();
        body.put("id", delivery.id());
        body.put("event", n.kind().label());
        body.put("at", n.at().toString());
        body.put("namespace", n.namespace());
        body.put("job", n.jobId());
        body.put("registry", n.registryHost());
        body.put("repository", n.repository());
        body.put("meta_key", n.metaKey());
        body.put("old_value", n.oldValue());
        body.put("new_value", n.newValue());
        body.put("digest", n.digest());
        body.put("job_version", n.jobVersion());
        body.put("deployment_id", n.deploymentId());
        body.put("status", n.status());
        body.put("description", n.description());
        body.put("failure", n.failure());
        body.put("rolled_back_to", n.rolledBackTo());
        body.put("push_event_id", n.eventId());
        body.put("job_url", NoticeText.jobPage(n, nomadUi).orElse(null));
        return body;
    }
}

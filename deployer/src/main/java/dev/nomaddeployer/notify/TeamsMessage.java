package dev.nomaddeployer.notify;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.util.Optional;

/**
 * A Microsoft Teams message carrying one Adaptive Card, the shape both Teams incoming webhooks and Workflows
 * ("when a Teams webhook request is received") accept: a bold headline, the facts as a fact set, and a button to
 * the job in Nomad's UI when one is known.
 */
final class TeamsMessage {
    private static final ObjectMapper JSON = new ObjectMapper();
    static final String CARD_TYPE = "application/vnd.microsoft.card.adaptive";

    private TeamsMessage() {}

    static ObjectNode render(NoticeOutbox.Delivery delivery, Optional<URI> nomadUi) {
        Notice n = delivery.notice();
        ObjectNode message = JSON.createObjectNode().put("type", "message");
        ObjectNode attachment = message.putArray("attachments").addObject().put("contentType", CARD_TYPE);
        attachment.putNull("contentUrl");
        ObjectNode card = attachment.putObject("content").put("type", "AdaptiveCard").put("version", "1.4");
        ArrayNode body = card.putArray("body");
        body.addObject().put("type", "TextBlock").put("text", NoticeText.headline(n)).put("weight", "Bolder")
                .put("size", "Medium").put("wrap", true);
        ArrayNode facts = body.addObject().put("type", "FactSet").putArray("facts");
        fact(facts, "Job", NoticeText.orUnknown(n.jobId()));
        fact(facts, "Namespace", NoticeText.orUnknown(n.namespace()));
        fact(facts, "Tag", NoticeText.change(n));
        fact(facts, "Outcome", NoticeText.outcome(n) + (n.status() == null ? "" : " (" + n.status() + ")"));
        if (n.jobVersion() != null) {
            fact(facts, "Job version", String.valueOf(n.jobVersion()));
        }
        if (n.description() != null) {
            fact(facts, "Nomad", n.description());
        }
        if (n.failure() != null) {
            fact(facts, "Failing task", n.failure());
        }
        NoticeText.jobPage(n, nomadUi).ifPresent(page -> card.putArray("actions").addObject()
                .put("type", "Action.OpenUrl").put("title", "Open job in Nomad").put("url", page));
        return message;
    }

    private static void fact(ArrayNode facts, String title, String value) {
        facts.addObject().put("title", title).put("value", value);
    }
}

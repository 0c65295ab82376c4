package dev.nomaddeployer.notify;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.util.Optional;

/**
 * A Slack incoming-webhook message in blocks: a header, the facts as a two-column section, Nomad's words and the
 * failing task's event each in a section of their own, and a button to the job in Nomad's UI when one is known.
 * {@code text} is what Slack shows in a notification where blocks are not rendered.
 */
final class SlackMessage {
    private static final ObjectMapper JSON = new ObjectMapper();
    // Slack refuses the whole message when one of these is exceeded
    private static final int HEADER_LIMIT = 150;
    private static final int FIELD_LIMIT = 2000;
    private static final int SECTION_LIMIT = 3000;

    private SlackMessage() {}

    static ObjectNode render(NoticeOutbox.Delivery delivery, Optional<URI> nomadUi) {
        Notice n = delivery.notice();
        String headline = NoticeText.headline(n);
        ObjectNode message = JSON.createObjectNode();
        message.put("text", escape(headline));
        ArrayNode blocks = message.putArray("blocks");
        ObjectNode header = blocks.addObject().put("type", "header");
        header.putObject("text").put("type", "plain_text").put("text", NoticeText.cut(headline, HEADER_LIMIT));
        ObjectNode facts = blocks.addObject().put("type", "section");
        ArrayNode fields = facts.putArray("fields");
        field(fields, "Job", NoticeText.orUnknown(n.jobId()));
        field(fields, "Namespace", NoticeText.orUnknown(n.namespace()));
        field(fields, "Tag", NoticeText.change(n));
        field(fields, "Outcome", NoticeText.outcome(n) + (n.status() == null ? "" : " (" + n.status() + ")"));
        if (n.jobVersion() != null) {
            field(fields, "Job version", String.valueOf(n.jobVersion()));
        }
        if (n.repository() != null) {
            field(fields, "Image", (n.registryHost() == null ? "" : n.registryHost() + "/") + n.repository());
        }
        section(blocks, "Nomad", n.description());
        section(blocks, "Failing task", n.failure());
        NoticeText.jobPage(n, nomadUi).ifPresent(page -> {
            ObjectNode button = blocks.addObject().put("type", "actions").putArray("elements").addObject()
                    .put("type", "button");
            button.putObject("text").put("type", "plain_text").put("text", "Open job in Nomad");
            button.put("url", page);
        });
        return message;
    }

    private static void field(ArrayNode fields, String title, String value) {
        fields.addObject().put("type", "mrkdwn")
                .put("text", NoticeText.cut("*" + title + "*\n" + escape(value), FIELD_LIMIT));
    }

    private static void section(ArrayNode blocks, String title, String text) {
        if (text == null || text.isBlank()) {
            return;
        }
        blocks.addObject().put("type", "section").putObject("text").put("type", "mrkdwn")
                .put("text", NoticeText.cut("*" + title + "*\n" + escape(text), SECTION_LIMIT));
    }

    /** Slack reads {@code <…>} as links and mentions; its own escapes keep Nomad's text literal. */
    private static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }
}

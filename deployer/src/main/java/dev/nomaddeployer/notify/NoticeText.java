package dev.nomaddeployer.notify;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/** What people read about a notice, the same words in Slack and in Teams. */
final class NoticeText {
    private NoticeText() {}

    /** The outcome in words: {@code rolled out}, {@code rolled back}. */
    static String outcome(Notice notice) {
        return notice.kind().label().replace('_', ' ');
    }

    /** One line: which job, what happened, to which tag. */
    static String headline(Notice notice) {
        String job = orUnknown(notice.jobId());
        String tag = notice.newValue() == null ? "" : " " + notice.newValue();
        return switch (notice.kind()) {
            case REGISTERED -> job + ": registered" + tag;
            case ROLLED_OUT -> job + ": rolled out" + tag;
            case FAILED -> job + ": rollout of" + (tag.isEmpty() ? " the new version" : tag) + " failed";
            case ROLLED_BACK -> job + ": rolled back" + (notice.rolledBackTo() == null ? ""
                    : " to version " + notice.rolledBackTo());
            case PAUSED -> job + ": rollout of" + (tag.isEmpty() ? " the new version" : tag) + " paused";
            case RESUMED -> job + ": rollout of" + (tag.isEmpty() ? " the new version" : tag) + " resumed";
        };
    }

    /** {@code old → new}, or the new value alone when the old one is not known. */
    static String change(Notice notice) {
        String key = notice.metaKey() == null ? "" : notice.metaKey() + " ";
        if (notice.newValue() == null) {
            return key + orUnknown(notice.oldValue());
        }
        return key + (notice.oldValue() == null || notice.oldValue().isEmpty() ? "(empty)" : notice.oldValue())
                + " \u2192 " + notice.newValue();
    }

    /** The job's page in Nomad's web UI, which routes jobs as {@code /ui/jobs/<job>@<namespace>}. */
    static Optional<String> jobPage(Notice notice, Optional<URI> nomadUi) {
        if (nomadUi.isEmpty() || notice.jobId() == null) {
            return Optional.empty();
        }
        String base = nomadUi.get().toString();
        base = base.endsWith("/") ? base.substring(0, base.length() - 1) : base;
        String namespace = notice.namespace() == null ? "default" : notice.namespace();
        return Optional.of(base + "/ui/jobs/" + segment(notice.jobId()) + "@" + segment(namespace));
    }

    static String orUnknown(String text) {
        return text == null ? "unknown" : text;
    }

    /** At most {@code limit} characters: the chat services refuse a whole message over a field's limit. */
    static String cut(String text, int limit) {
        return text.length() <= limit ? text : text.substring(0, limit - 1) + "\u2026";
    }

    private static String segment(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8).replace("+", "%20");
    }
}

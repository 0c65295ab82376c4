package dev.nomaddeployer.notify;

import dev.nomaddeployer.nomad.NomadUiLinks;
import java.net.URI;
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
        return NomadUiLinks.jobPage(nomadUi, notice.namespace(), notice.jobId());
    }

    static String orUnknown(String text) {
        return text == null ? "unknown" : text;
    }

    /** At most {@code limit} characters: the chat services refuse a whole message over a field's limit. */
    static String cut(String text, int limit) {
        return text.length() <= limit ? text : text.substring(0, limit - 1) + "\u2026";
    }
}

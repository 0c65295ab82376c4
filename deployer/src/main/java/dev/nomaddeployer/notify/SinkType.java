package dev.nomaddeployer.notify;

import java.util.Locale;

/** What a sink receives: our signed JSON, a Slack incoming-webhook message, or a Teams Adaptive Card message. */
public enum SinkType {
    WEBHOOK, SLACK, TEAMS;

    /** As configuration writes it. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}

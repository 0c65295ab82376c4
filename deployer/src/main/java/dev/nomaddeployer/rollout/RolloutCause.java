package dev.nomaddeployer.rollout;

import java.util.Locale;

/** Which write of the service created the job version being followed. */
public enum RolloutCause {
    /** A register that applied a pushed tag. */
    PUSH,
    /** The service's own revert after a failed rollout ({@code deploy.on_failure = revert}). */
    REVERT;

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static RolloutCause fromLabel(String label) {
        return valueOf(label.toUpperCase(Locale.ROOT));
    }
}

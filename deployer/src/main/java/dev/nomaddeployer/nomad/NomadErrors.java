package dev.nomaddeployer.nomad;

import java.util.Locale;

/**
 * Classifies Nomad's answers by what they mean, not by status class: Nomad answers most failures with 500
 * and a text, so the text is read here, once, and turned into a type (see docs/delivery.md).
 */
public final class NomadErrors {
    private NomadErrors() {}

    public static NomadError classify(int status, String body) {
        String text = body == null ? "" : body.strip();
        String described = text.isEmpty() ? "HTTP " + status : "HTTP " + status + ": " + text;
        // Job.Revert's EnforcePriorVersion check: the job moved on since the caller read its version
        if (text.startsWith("Enforcing job modify index")
                || text.matches("Current job has version \\d+; enforcing version \\d+")) {
            return new NomadError.Conflict(described);
        }
        // Job.Revert and the version-tag state store name a missing job or version in a plain 500
        if (text.matches("job \".*\" (in namespace \".*\" at version \\d+ |version \\d+ )?not found")) {
            return new NomadError.NotFound(described);
        }
        if (text.equals("can't revert to current version")
                || text.matches("tag \".*\" already exists on a different version of job \".*\"")) {
            return new NomadError.Rejected(described);
        }
        if (status == 502 || status == 503 || status == 504 || status == 429) {
            return new NomadError.Unavailable(described);
        }
        String lower = text.toLowerCase(Locale.ROOT);
        if (lower.contains("no cluster leader")
                || lower.contains("rpc error: eof") || lower.contains("connection refused")
                || lower.contains("i/o timeout") || lower.contains("raft is shutting down")
                || lower.contains("leadership lost") || lower.contains("timeout")) {
            return new NomadError.Unavailable(described);
        }
        if (status == 403) {
            return new NomadError.PermissionDenied(described);
        }
        if (status == 404 || lower.contains("nonexistent namespace")) {
            return new NomadError.NotFound(described);
        }
        if (status == 400 || status == 405 || status == 413 || text.matches("(?s)\\d+ errors? occurred:.*")
                || lower.startsWith("cannot update") || lower.contains("no path to region")) {
            return new NomadError.Rejected(described);
        }
        // An unrecognised 500 is most likely a server-side hiccup; retrying with backoff loses nothing,
        // while treating it as final would drop a push.
        return new NomadError.Unavailable(described);
    }
}

package dev.nomaddeployer.policy;

/** Whether a tag policy lets a value replace the one a job runs, and why not. */
public sealed interface Verdict {
    record Allowed() implements Verdict {}

    /** {@code reason} completes "not changed: …" in the history. */
    record Refused(String reason) implements Verdict {}

    Verdict ALLOWED = new Allowed();
}

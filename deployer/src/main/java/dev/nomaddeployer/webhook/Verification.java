package dev.nomaddeployer.webhook;

/** Whether a delivery proved it came from the source's sender. */
public sealed interface Verification {

    /** @param proof which proof verified, for the log */
    record Verified(String proof) implements Verification {}

    /** @param reason why not, naming the header or path expected; never contains what was sent */
    record Refused(String reason) implements Verification {}
}

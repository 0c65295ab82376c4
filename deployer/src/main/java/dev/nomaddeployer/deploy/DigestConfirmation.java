package dev.nomaddeployer.deploy;

import dev.nomaddeployer.registryapi.Registries;
import dev.nomaddeployer.registryapi.RegistryFailure;
import dev.nomaddeployer.registryapi.RegistryReader;
import dev.nomaddeployer.registryapi.TagLookup;
import java.time.Duration;
import java.util.Optional;

/**
 * Before a register that writes a tag's digest into a job: asks the registry whether the tag still points at the
 * pushed digest. Events may arrive late or twice and registries may be several; the registry's own answer is the
 * one that cannot be stale, so an older digest never wins and nothing unconfirmed is written
 * (docs/digest-tracking.md).
 */
final class DigestConfirmation {
    private final Registries registries;

    /**
     * Why the register must not happen now: decided ({@code outcome}) or, when {@code retry}, tried again later, not
     * before {@code retryAfter} (what a registry that answered 429 asked for).
     */
    record Refusal(Outcome outcome, String message, boolean retry, Duration retryAfter) {
        Refusal(Outcome outcome, String message, boolean retry) {
            this(outcome, message, retry, Duration.ZERO);
        }
    }

    DigestConfirmation(Registries registries) {
        this.registries = registries;
    }

    /** Empty when the registry confirms that the pushed tag points at the pushed digest. */
    Optional<Refusal> refusal(PushEvent push) {
        String host = push.registryHost();
        Optional<RegistryReader> reader = registries.readerFor(host);
        if (reader.isEmpty()) {
            return Optional.of(new Refusal(Outcome.FAILED, "the job follows the digest of tag " + push.tag()
                    + ", which only registry " + host + " can confirm, and no entry of registries in the config"
                    + " names it; add {url: https://" + host + "} (with username and password when it needs them)",
                    false));
        }
        TagLookup lookup;
        try {
            lookup = reader.get().lookup(push.repository(), push.tag());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.of(new Refusal(Outcome.FAILED, "stopped while asking registry " + host + " about tag "
                    + push.tag(), true));
        }
        String registry = "registry " + reader.get().endpoint().hostPort();
        if (lookup instanceof TagLookup.Points points) {
            if (points.digest().equals(push.digest())) {
                return Optional.empty();
            }
            return Optional.of(new Refusal(Outcome.SKIPPED, "tag " + push.tag() + " now points at " + points.digest()
                    + ", not the pushed " + push.digest() + "; the push of that digest deploys it", false));
        }
        if (lookup instanceof TagLookup.UnknownTag) {
            return Optional.of(new Refusal(Outcome.SKIPPED, "tag " + push.tag() + " is no longer in "
                    + push.repository() + " on " + registry + "; the pushed " + push.digest() + " is not deployed",
                    false));
        }
        if (lookup instanceof RegistryFailure.Unauthorized refused) {
            return Optional.of(new Refusal(Outcome.FAILED, registry + " did not say what tag " + push.tag()
                    + " points at (" + refused.detail() + "); " + (refused.credentialsSent()
                    ? "check username and password of its entry in registries: they may not pull " + push.repository()
                    : "set username and password (or password_file) of its entry in registries"), false));
        }
        if (lookup instanceof RegistryFailure.Unreachable unreachable) {
            return Optional.of(new Refusal(Outcome.FAILED, "cannot confirm the digest of tag " + push.tag() + " with "
                    + registry + ": " + unreachable.detail(), true));
        }
        if (lookup instanceof RegistryFailure.RateLimited limited) {
            return Optional.of(new Refusal(Outcome.FAILED, "cannot confirm the digest of tag " + push.tag() + " with "
                    + registry + " now: " + limited.detail(), true, limited.retryAfter().orElse(Duration.ZERO)));
        }
        if (lookup instanceof RegistryFailure.BadAnswer bad) {
            return Optional.of(new Refusal(Outcome.FAILED, "cannot confirm the digest of tag " + push.tag() + " with "
                    + registry + ": " + bad.detail(), false));
        }
        throw new IllegalStateException("no handling for " + lookup);
    }
}

package dev.nomaddeployer.deploy;

import dev.nomaddeployer.discovery.JobUsage;
import dev.nomaddeployer.image.ReferenceGrammar;
import java.util.Optional;

/**
 * Whether a push can move a usage that follows its tag's digest ({@code ...:${NOMAD_META_TAG}@${NOMAD_META_TAG_DIGEST}}):
 * only with a digest of the digest grammar, into a key of its own. Pure; docs/digest-tracking.md.
 */
final class DigestFollowing {
    private DigestFollowing() {}

    /** Why {@code push} cannot set the digest of {@code usage}, whose tag key resolves; empty when it can. */
    static Optional<String> refusal(JobUsage usage, PushEvent push) {
        JobUsage.DigestKey key = usage.digest();
        String pushed = push.repository() + ":" + push.tag();
        if (push.digest() == null) {
            return Optional.of("the push of " + pushed + " names no digest, and task " + usage.taskPath()
                    + " follows the digest of its tag (meta key " + key.metaKey() + "): not changed");
        }
        if (!ReferenceGrammar.isValidDigest(push.digest())) {
            return Optional.of("the push of " + pushed + " names the digest \"" + push.digest()
                    + "\", which is not algorithm:hex: task " + usage.taskPath() + " not changed");
        }
        if (!key.isResolved()) {
            return Optional.of("meta key " + key.metaKey() + " (the digest of the image of task " + usage.taskPath()
                    + ") is not defined at job, group or task level");
        }
        if (key.metaKey().equals(usage.metaKey()) && key.definedAt() == usage.definedAt()) {
            return Optional.of("the tag and the digest of the image of task " + usage.taskPath()
                    + " resolve to the same meta key " + key.metaKey() + "; a digest needs a key of its own");
        }
        return Optional.empty();
    }
}

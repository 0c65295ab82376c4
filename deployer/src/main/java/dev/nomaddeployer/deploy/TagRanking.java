package dev.nomaddeployer.deploy;

import dev.nomaddeployer.image.TagTemplate;
import dev.nomaddeployer.policy.TagPolicy;
import java.util.Optional;

/**
 * How a job's tag policy ranks two pushed tags of the same repository while they wait for the job: a
 * {@code semver:} policy ranks {@code 1.7.0} above a {@code 1.6.9} pushed after it, so the later push does not
 * take the slot. Tags the policy cannot rank fall back to arrival ({@link NewestPushWins}).
 */
public record TagRanking(TagTemplate template, TagPolicy policy) {

    /** Negative when tag {@code a} ranks below tag {@code b}; zero when the policy cannot tell. */
    public int compare(String a, String b) {
        Optional<String> va = template.match(a);
        Optional<String> vb = template.match(b);
        return va.isPresent() && vb.isPresent() ? policy.compare(va.get(), vb.get()) : 0;
    }

    public String describe() {
        return policy.describe();
    }
}

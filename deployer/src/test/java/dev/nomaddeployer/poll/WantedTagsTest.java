package dev.nomaddeployer.poll;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nomaddeployer.discovery.JobUsage;
import dev.nomaddeployer.discovery.MetaLevel;
import dev.nomaddeployer.image.ImageTemplate;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class WantedTagsTest {
    private static final String DIGEST_A = "sha256:" + "a".repeat(64);
    private static final String DIGEST_B = "sha256:" + "b".repeat(64);
    /** A busy image's tags as a registry lists them (lexically, not by version). */
    private static final List<String> LISTED = List.of("1.10.0", "1.6.0", "1.7.0", "1.7.0-rc.1", "1.9.2", "2.0.0",
            "latest", "pr-12", "pr-481", "pr-9", "sha-4f2a1c9");

    private static JobUsage usage(String image, String current, Map<String, String> directives) {
        return new JobUsage("default", "web", "web", "web", image, ImageTemplate.parse(image).orElseThrow(), "VERSION",
                MetaLevel.JOB, current, directives);
    }

    private static JobUsage digestUsage(String tag, String digest) {
        String image = "registry:5000/team/app:${NOMAD_META_TAG}@${NOMAD_META_TAG_DIGEST}";
        return new JobUsage("default", "web", "web", "web", image, ImageTemplate.parse(image).orElseThrow(), "TAG",
                MetaLevel.JOB, tag, Map.of(), new JobUsage.DigestKey("TAG_DIGEST", MetaLevel.JOB, digest));
    }

    @Test
    void aSemverPolicyWantsTheHighestVersionInItsRangeNotTheLastListed() {
        WantedTags wanted = WantedTags.of(List.of(usage("registry:5000/team/app:${NOMAD_META_VERSION}", "1.6.0",
                Map.of("nomad-deployer.policy", "semver:^1"))), LISTED);

        assertThat(wanted.newer()).containsExactly("1.10.0");
        assertThat(wanted.isPush("1.10.0", DIGEST_A)).isTrue();
    }

    @Test
    void aJobAlreadyOnTheHighestVersionWantsNothing() {
        WantedTags wanted = WantedTags.of(List.of(usage("registry:5000/team/app:${NOMAD_META_VERSION}", "2.0.0",
                Map.of("nomad-deployer.policy", "semver:>=1"))), LISTED);

        assertThat(wanted.isEmpty()).isTrue();
    }

    @Test
    void aRegexPolicyWithNumericalOrderWantsItsHighestMatch() {
        WantedTags wanted = WantedTags.of(List.of(usage("registry:5000/team/app:${NOMAD_META_VERSION}", "pr-12",
                Map.of("nomad-deployer.policy", "regex:^pr-[0-9]+$", "nomad-deployer.order", "numerical"))), LISTED);

        assertThat(wanted.newer()).containsExactly("pr-481");
    }

    @Test
    void withoutAVersionPolicyNewerMeansNothingAndNothingIsWanted() {
        WantedTags byShape = WantedTags.of(List.of(usage("registry:5000/team/app:${NOMAD_META_VERSION}", "1.6.0",
                Map.of())), LISTED);
        WantedTags any = WantedTags.of(List.of(usage("registry:5000/team/app:${NOMAD_META_VERSION}", "1.6.0",
                Map.of("nomad-deployer.policy", "all"))), LISTED);
        WantedTags pushedOrder = WantedTags.of(List.of(usage("registry:5000/team/app:${NOMAD_META_VERSION}", "pr-9",
                Map.of("nomad-deployer.policy", "regex:^pr-"))), LISTED);

        assertThat(byShape.isEmpty()).isTrue();
        assertThat(any.isEmpty()).isTrue();
        assertThat(pushedOrder.isEmpty()).isTrue();
    }

    @Test
    void aTagTemplateComparesOnlyTheVariablePartAndProposesTheWholeTag() {
        List<String> listed = List.of("v1.6.0-alpine", "v1.7.0-alpine", "v1.8.0", "v2.0.0-alpine");
        WantedTags wanted = WantedTags.of(List.of(usage("registry:5000/team/app:v${NOMAD_META_VERSION}-alpine", "1.6.0",
                Map.of("nomad-deployer.policy", "semver:^1"))), listed);

        assertThat(wanted.newer()).containsExactly("v1.7.0-alpine");
    }

    @Test
    void anInvalidPolicyOrAPausedKeyWantsNothing() {
        WantedTags invalid = WantedTags.of(List.of(usage("registry:5000/team/app:${NOMAD_META_VERSION}", "1.6.0",
                Map.of("nomad-deployer.policy", "semver:latest"))), LISTED);
        WantedTags paused = WantedTags.of(List.of(usage("registry:5000/team/app:${NOMAD_META_VERSION}", "1.6.0",
                Map.of("nomad-deployer.policy", "pause"))), LISTED);

        assertThat(invalid.isEmpty()).isTrue();
        assertThat(paused.isEmpty()).isTrue();
    }

    @Test
    void aDigestFollowingJobWantsItsOwnTagAndOnlyAMovedDigestIsAPush() {
        WantedTags wanted = WantedTags.of(List.of(digestUsage("latest", DIGEST_A)), LISTED);

        assertThat(wanted.newer()).isEmpty();
        assertThat(wanted.tags()).containsExactly("latest");
        assertThat(wanted.isPush("latest", DIGEST_A)).isFalse();
        assertThat(wanted.isPush("latest", DIGEST_B)).isTrue();
    }

    @Test
    void severalJobsOnOneRepositoryEachWantTheirOwnNewest() {
        WantedTags wanted = WantedTags.of(List.of(
                usage("registry:5000/team/app:${NOMAD_META_VERSION}", "1.6.0",
                        Map.of("nomad-deployer.policy", "semver:~1.7")),
                usage("registry:5000/team/app:${NOMAD_META_VERSION}", "1.6.0",
                        Map.of("nomad-deployer.policy", "semver:^1")),
                digestUsage("latest", DIGEST_A)), LISTED);

        assertThat(wanted.tags()).containsExactly("1.10.0", "1.7.0", "latest");
    }
}

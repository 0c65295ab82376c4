package dev.nomaddeployer.policy;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TagPolicyTest {

    @ParameterizedTest(name = "{0}: {1} -> {2} allowed={3}")
    @CsvSource(delimiter = ';', value = {
            "semver:^1.4        ; 1.5.0  ; 1.6.0        ; true",
            "semver:^1.4        ; 1.5.0  ; 2.0.0        ; false",
            "semver:^1.4        ; 1.5.0  ; 1.3.9        ; false",
            "semver:^1.4        ; 1.5.0  ; 1.4.9        ; false",
            "semver:^1.4        ; ''     ; 1.4.0        ; true",
            "semver:~1.4.2      ; 1.4.2  ; 1.4.9        ; true",
            "semver:~1.4.2      ; 1.4.2  ; 1.5.0        ; false",
            "semver:>=1.2 <2    ; 1.2.0  ; 1.9.9        ; true",
            "semver:>=1.2 <2    ; 1.2.0  ; 2.0.0        ; false",
            "semver:*           ; 1.2.0  ; 9.0.0        ; true",
            "semver:1.2 - 1.4   ; 1.2.0  ; 1.4.7        ; true",
            "semver:^1 || ^3    ; 1.2.0  ; 3.0.1        ; true",
            "semver:^1          ; 1.6.0  ; v1.7.0       ; true",
            "semver:^1          ; v1.6.0 ; 1.7.0        ; true",
            "semver:^1          ; 1.6.0  ; 1.7          ; false",
            "semver:^1          ; 1.6.0  ; latest       ; false",
            "semver:^1          ; 1.6.0  ; sha-3f2a1c   ; false",
            "semver:^1          ; latest ; 1.6.0        ; true",
            "semver:^1          ; 1.6.0  ; 1.7.0-rc.1   ; false",
            "semver:^1.7.0-rc.0 ; 1.6.0  ; 1.7.0-rc.1   ; true",
            "semver:^1.7.0-rc.0 ; 1.6.0  ; 1.8.0-rc.1   ; false",
            "semver:^1.7.0-rc.0 ; 1.7.0-rc.1 ; 1.7.0    ; true",
            "semver:^1          ; 1.5.0+build.1 ; 1.5.0+build.2 ; false",
            "semver:^1          ; 1.5.0+build.1 ; 1.5.1+build.1 ; true",
            "regex:^pr-[0-9]+$  ; pr-99  ; pr-481       ; true",
            "regex:^pr-[0-9]+$  ; pr-481 ; pr-99        ; true",
            "regex:^pr-[0-9]+$  ; pr-99  ; pr-481-fix   ; false",
            "regex:^pr-[0-9]+$  ; pr-99  ; main         ; false",
            "regex:main         ; main   ; main-2024    ; true",
            "all                ; 1.5.0  ; latest       ; true",
            "all                ; latest ; 1.5.0        ; true",
            "pause              ; 1.5.0  ; 1.6.0        ; false"})
    void policyDecidesWhichValueMayReplaceTheRunningOne(String policy, String current, String candidate,
                                                        boolean allowed) {
        TagPolicy parsed = valid(Map.of("policy", policy));

        assertThat(parsed.judge(current, candidate) instanceof Verdict.Allowed).as(parsed.describe()).isEqualTo(allowed);
    }

    @ParameterizedTest(name = "{0} order: {1} -> {2} allowed={3}")
    @CsvSource({
            "numerical, pr-99, pr-481, true",
            "numerical, pr-481, pr-99, false",
            "numerical, build-2024.11.5, build-2024.11.12, true",
            "numerical, build-2024.11.12, build-2024.11.5, false",
            "numerical, pr-99, pr-99, true",
            "alphabetical, 2024-11-05T10-00, 2024-11-06T09-00, true",
            "alphabetical, 2024-11-06T09-00, 2024-11-05T10-00, false",
            "pushed, pr-481, pr-99, true"})
    void anOrderedRegexPolicyNeverMovesAJobBack(String order, String current, String candidate, boolean allowed) {
        TagPolicy parsed = valid(Map.of("policy", "regex:^(pr|build|20)", "order", order));

        boolean equal = current.equals(candidate);
        assertThat(equal || parsed.judge(current, candidate) instanceof Verdict.Allowed).isEqualTo(allowed);
    }

    @Test
    void preReleasesOfAnyVersionInRangeAreTakenWhenTheJobAsksForThem() {
        TagPolicy policy = valid(Map.of("policy", "semver:^1", "prerelease", "true"));

        assertThat(policy.judge("1.6.0", "1.7.0-rc.1")).isInstanceOf(Verdict.Allowed.class);
        assertThat(policy.judge("1.7.0-rc.1", "1.7.0-rc.2")).isInstanceOf(Verdict.Allowed.class);
        assertThat(policy.judge("1.7.0", "1.7.0-rc.2")).isInstanceOf(Verdict.Refused.class);
        assertThat(policy.judge("1.6.0", "2.0.0-rc.1")).isInstanceOf(Verdict.Refused.class);
    }

    @Test
    void refusalsSayWhyInWordsAnOperatorRecognises() {
        TagPolicy policy = valid(Map.of("policy", "semver:^1"));

        assertThat(reason(policy.judge("1.5.0", "1.4.9"))).isEqualTo(
                "1.4.9 is older than the running version 1.5.0 (policy semver:^1 never moves a job back)");
        assertThat(reason(policy.judge("1.5.0", "2.0.0"))).startsWith("2.0.0 is outside the range of policy semver:^1");
        assertThat(reason(policy.judge("1.5.0", "1.7.0-rc.1"))).contains("nomad-deployer.prerelease = \"true\"");
        assertThat(reason(policy.judge("1.5.0", "latest"))).startsWith("latest is not a semantic version");
    }

    /**
     * The tags of a busy image in the order its CI pushed them (several per build: the version, its aliases, a
     * moving tag, a commit tag, release candidates): a job on {@code semver:^1.26} follows exactly its releases.
     */
    @Test
    void aJobFollowingABusyImagesTagHistoryMovesOnlyThroughTheReleasesItsRangeAllows() {
        List<String> pushed = List.of("1.26.0", "1.26", "1", "latest", "sha-91be2c1", "1.27.0-rc.1", "1.26.1",
                "1.26", "stable", "1.27.0-rc.2", "mainline", "1.27.0", "1.27", "latest", "2.0.0-alpha.1", "1.26.2",
                "1.27.1-alpine", "1.27.1", "1.27", "2.0.0", "2", "1.27.2+build.7", "1.27.2", "pr-481");

        assertThat(follow(Map.of("policy", "semver:^1.26"), "1.26.0", pushed))
                .containsExactly("1.26.1", "1.27.0", "1.27.1", "1.27.2+build.7");
        assertThat(follow(Map.of("policy", "semver:~1.26.0"), "1.26.0", pushed)).containsExactly("1.26.1", "1.26.2");
        assertThat(follow(Map.of("policy", "semver:^1.27.0-rc.0"), "1.26.0", pushed))
                .containsExactly("1.27.0-rc.1", "1.27.0-rc.2", "1.27.0", "1.27.1", "1.27.2+build.7");
        assertThat(follow(Map.of("policy", "regex:^pr-"), "pr-100", pushed)).containsExactly("pr-481");
        assertThat(follow(Map.of(), "1.26.0", pushed)).as("the default follows every version-shaped tag")
                .contains("1.26", "1", "1.27.0-rc.1", "2.0.0").doesNotContain("latest", "sha-91be2c1", "pr-481");
    }

    @ParameterizedTest(name = "{0} = {1}")
    @CsvSource(delimiter = '|', value = {
            "policy     | semver:           | needs a range",
            "policy     | semver:latest     | \"latest\" is not part of an npm-style range",
            "policy     | semver:^^1        | \"^^1\" is not part of an npm-style range",
            "policy     | regex:[pr-        | does not compile as a Java regular expression",
            "policy     | regex:            | needs a pattern",
            "policy     | newest            | accepted: \"all\", \"semver:<range>\"",
            "policy     | all:please        | accepted: \"all\"",
            "prerelease | yes               | accepted: \"true\", \"false\"",
            "order      | random            | it applies to a \"regex:\" policy only"})
    void aDirectiveThatDoesNotParseIsReportedWithWhatIsAccepted(String name, String value, String expected) {
        Map<String, String> directives = name.equals("policy") ? Map.of("policy", value)
                : name.equals("prerelease") ? Map.of("policy", "semver:^1", "prerelease", value)
                : Map.of("policy", "semver:^1", "order", value);

        PolicyDirectives.Reading reading = PolicyDirectives.read(key -> Optional.ofNullable(directives.get(key)));

        assertThat(reading).isInstanceOfSatisfying(PolicyDirectives.Reading.Invalid.class, invalid ->
                assertThat(invalid.problem()).contains("nomad-deployer." + name).contains(value.strip())
                        .contains(expected).contains("left alone"));
    }

    @Test
    void anOrderOtherThanTheKnownThreeIsRefusedOnARegexPolicy() {
        PolicyDirectives.Reading reading = PolicyDirectives.read(key -> Optional.ofNullable(
                Map.of("policy", "regex:^pr-", "order", "newest").get(key)));

        assertThat(reading).isInstanceOfSatisfying(PolicyDirectives.Reading.Invalid.class, invalid ->
                assertThat(invalid.problem()).contains("\"pushed\", \"numerical\", \"alphabetical\""));
    }

    @Test
    void versionPoliciesRankWaitingPushesByVersionAndOthersByArrival() {
        assertThat(valid(Map.of("policy", "semver:^1")).compare("1.7.0", "1.6.9")).isPositive();
        assertThat(valid(Map.of("policy", "semver:^1")).compare("1.7.0+b.1", "1.7.0+b.2")).isZero();
        assertThat(valid(Map.of("policy", "regex:^pr-", "order", "numerical")).compare("pr-99", "pr-481")).isNegative();
        assertThat(valid(Map.of("policy", "regex:^pr-")).ordered()).isFalse();
        assertThat(valid(Map.of()).ordered()).isFalse();
        assertThat(valid(Map.of("policy", "all")).ordered()).isFalse();
    }

    private static List<String> follow(Map<String, String> directives, String start, List<String> pushed) {
        TagPolicy policy = valid(directives);
        String current = start;
        List<String> moves = new java.util.ArrayList<>();
        for (String tag : pushed) {
            if (!tag.equals(current) && policy.judge(current, tag) instanceof Verdict.Allowed) {
                moves.add(tag);
                current = tag;
            }
        }
        return moves;
    }

    private static TagPolicy valid(Map<String, String> directives) {
        PolicyDirectives.Reading reading = PolicyDirectives.read(key -> Optional.ofNullable(directives.get(key)));
        assertThat(reading).isInstanceOf(PolicyDirectives.Reading.Valid.class);
        return ((PolicyDirectives.Reading.Valid) reading).policy();
    }

    private static String reason(Verdict verdict) {
        assertThat(verdict).isInstanceOf(Verdict.Refused.class);
        return ((Verdict.Refused) verdict).reason();
    }
}

package dev.nomaddeployer.policy;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class SameShapeTest {
    @ParameterizedTest
    @ValueSource(strings = {"1", "1.6", "1.6.0", "v1.6.0", "1.7.0-rc.1", "1.7.0-rc.1+build.5", "2.0.0+sha.3f2a1c",
            "2024.11.05", "20241105", "10.20.30-alpha-1"})
    void theseAreVersions(String tag) {
        assertThat(TagPolicy.SameShape.isVersion(tag)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"latest", "main", "stable", "edge", "sha-3f2a1c", "3f2a1c", "pr-481", "v", "1.2.3.4",
            "1.6.0-", "release-1.6.0", "1.6.0_alpine", "V1.6.0"})
    void theseAreNot(String tag) {
        assertThat(TagPolicy.SameShape.isVersion(tag)).isFalse();
    }

    @ParameterizedTest(name = "{0} -> {1}: allowed={2}")
    @CsvSource({
            "1.5.0, 1.6.0, true",
            "1.5.0, 1.4.0, true",
            "1.5.0, latest, false",
            "1.5.0, sha-3f2a1c, false",
            "latest, 1.6.0, false",
            "latest, main, true",
            "emails, emails-v2, true",
            "latest, latest, true",
            "'', latest, true"})
    void byDefaultAValueMovesOnlyToATagOfTheSameShape(String from, String to, boolean allowed) {
        assertThat(new TagPolicy.SameShape().judge(from, to) instanceof Verdict.Allowed).isEqualTo(allowed);
    }
}

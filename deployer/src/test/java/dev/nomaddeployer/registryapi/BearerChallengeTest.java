package dev.nomaddeployer.registryapi;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class BearerChallengeTest {

    @Test
    void readsRealmServiceAndScopeInAnyOrderAndCase() {
        assertThat(BearerChallenge.parse("bearer scope=\"repository:team/web:pull\", Realm=\"https://auth.example/token\","
                + "service=\"registry.example\"")).contains(new BearerChallenge(URI.create("https://auth.example/token"),
                Optional.of("registry.example"), Optional.of("repository:team/web:pull")));
    }

    @Test
    void theTokenRequestKeepsTheRealmsQueryAndAsksForTheRepositoryWhenTheChallengeNamesNoScope() {
        BearerChallenge challenge = BearerChallenge.parse("Bearer realm=\"https://auth.example/token?account=ci\"")
                .orElseThrow();

        assertThat(challenge.tokenRequest("repository:team/web:pull")).isEqualTo(
                URI.create("https://auth.example/token?account=ci&scope=repository%3Ateam%2Fweb%3Apull"));
    }

    @ParameterizedTest(name = "\"{0}\"")
    @ValueSource(strings = {
            "Basic realm=\"registry\"",
            "Bearer service=\"registry.example\"",
            "Bearer realm=\"file:///etc/passwd\"",
            "Bearer realm=\"/token\"",
            "",
    })
    void anythingButABearerChallengeWithAnHttpRealmIsNone(String header) {
        assertThat(BearerChallenge.parse(header)).isEmpty();
    }
}

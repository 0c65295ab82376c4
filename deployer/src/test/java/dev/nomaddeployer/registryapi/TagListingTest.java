package dev.nomaddeployer.registryapi;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nomaddeployer.testbed.ToolRequirement;
import dev.nomaddeployer.testbed.registry.ImagePusher;
import dev.nomaddeployer.testbed.registry.ManifestFormat;
import dev.nomaddeployer.testbed.registry.RegistryHarness;
import dev.nomaddeployer.testbed.registry.TokenServer;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.IntStream;
import org.bouncycastle.crypto.generators.OpenBSDBCrypt;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Listing a repository's tags on the real registry: open, behind htpasswd, behind a token service. */
@Timeout(90)
class TagListingTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(5);
    private static final String PASSWORD = "s3cret-pull";

    @Test
    void everyTagOfARepositoryWithManyIsListedOnce() throws Exception {
        ToolRequirement.assumeInstalled("docker-registry");
        try (RegistryHarness registry = RegistryHarness.builder().start()) {
            ImagePusher pusher = new ImagePusher(registry.client());
            pusher.push("team/web", "t000", ManifestFormat.OCI, "one");
            List<String> expected = IntStream.range(0, 250).mapToObj(i -> String.format("t%03d", i)).toList();
            expected.stream().skip(1).forEach(tag -> pusher.tag("team/web", "t000", tag));

            TagListing listing = reader(registry.baseUri(), Optional.empty(), RequestRate.DEFAULT, Clock.systemUTC(),
                    RegistryObserver.NONE).listTags("team/web");

            assertThat(listing).isInstanceOfSatisfying(TagListing.Listed.class,
                    listed -> assertThat(listed.tags()).containsExactlyInAnyOrderElementsOf(expected));
        }
    }

    @Test
    void aRepositoryTheRegistryDoesNotHaveIsUnknown() throws Exception {
        ToolRequirement.assumeInstalled("docker-registry");
        try (RegistryHarness registry = RegistryHarness.builder().start()) {
            assertThat(reader(registry.baseUri(), Optional.empty(), RequestRate.DEFAULT, Clock.systemUTC(),
                    RegistryObserver.NONE).listTags("team/nothing")).isEqualTo(new TagListing.UnknownRepository());
        }
    }

    @Test
    void behindHtpasswdOnlyTheRightCredentialsList() throws Exception {
        ToolRequirement.assumeInstalled("docker-registry");
        byte[] salt = new byte[16];
        new SecureRandom().nextBytes(salt);
        try (RegistryHarness registry = RegistryHarness.builder()
                .htpasswd("ci", OpenBSDBCrypt.generate("2y", PASSWORD.toCharArray(), salt, 4)).start()) {
            new ImagePusher(registry.client("ci", PASSWORD)).push("team/web", "1.0.0", ManifestFormat.OCI, "one");

            assertThat(listing(registry.baseUri(), Optional.of(PASSWORD)))
                    .isEqualTo(new TagListing.Listed(List.of("1.0.0")));
            assertThat(listing(registry.baseUri(), Optional.empty())).isInstanceOfSatisfying(
                    RegistryFailure.Unauthorized.class, refused -> assertThat(refused.credentialsSent()).isFalse());
            assertThat(listing(registry.baseUri(), Optional.of("wrong"))).isInstanceOfSatisfying(
                    RegistryFailure.Unauthorized.class, refused -> assertThat(refused.credentialsSent()).isTrue());
        }
    }

    @Test
    void throughTheTokenServiceTheRightCredentialsListAndLookUpAndOthersAreRefused() throws Exception {
        ToolRequirement.assumeInstalled("docker-registry");
        try (TokenServer tokens = TokenServer.start(Map.of("ci", PASSWORD));
             RegistryHarness registry = RegistryHarness.builder().tokenAuth(tokens).start()) {
            ImagePusher pusher = new ImagePusher(registry.client(tokens, "team/web"));
            String digest = pusher.push("team/web", "1.0.0", ManifestFormat.OCI, "one");
            pusher.push("team/web", "1.1.0", ManifestFormat.DOCKER_SCHEMA2, "two");
            RegistryReader reader = reader(registry.baseUri(), Optional.of(PASSWORD), RequestRate.DEFAULT,
                    Clock.systemUTC(), RegistryObserver.NONE);

            assertThat(reader.listTags("team/web")).isInstanceOfSatisfying(TagListing.Listed.class,
                    listed -> assertThat(listed.tags()).containsExactlyInAnyOrder("1.0.0", "1.1.0"));
            assertThat(reader.lookup("team/web", "1.0.0")).isEqualTo(new TagLookup.Points(digest));
            assertThat(tokens.issued()).as("one token for the repository's pull scope, kept").isEqualTo(1);

            TagListing wrong = listing(registry.baseUri(), Optional.of("wrong"));
            assertThat(wrong).isInstanceOfSatisfying(RegistryFailure.Unauthorized.class, refused -> {
                assertThat(refused.credentialsSent()).isTrue();
                assertThat(refused.detail()).contains("token service", "401");
            });
            assertThat(listing(registry.baseUri(), Optional.empty())).isInstanceOfSatisfying(
                    RegistryFailure.Unauthorized.class, refused -> assertThat(refused.credentialsSent()).isFalse());
            assertThat(tokens.refused()).isEqualTo(2);
        }
    }

    @Test
    void onceTheRateLimitIsSpentCallsAreRefusedWithoutBeingSentUntilAPermitComesBack() throws Exception {
        ToolRequirement.assumeInstalled("docker-registry");
        try (TokenServer tokens = TokenServer.start(Map.of("ci", PASSWORD));
             RegistryHarness registry = RegistryHarness.builder().tokenAuth(tokens).start()) {
            new ImagePusher(registry.client(tokens, "team/web")).push("team/web", "1.0.0", ManifestFormat.OCI, "one");
            MutableClock clock = new MutableClock(Instant.now());
            CountingObserver observer = new CountingObserver();
            // a lookup through a token service is three requests: the challenge, the token, the HEAD again
            RegistryReader reader = reader(registry.baseUri(), Optional.of(PASSWORD), RequestRate.parse("3/h"), clock,
                    observer);
            assertThat(reader.lookup("team/web", "1.0.0")).isInstanceOf(TagLookup.Points.class);

            TagListing refused = reader.listTags("team/web");

            assertThat(refused).isInstanceOfSatisfying(RegistryFailure.RateLimited.class, limited -> {
                assertThat(limited.detail()).contains("not sent", "rate_limit 3/h");
                assertThat(limited.retryAfter()).contains(Duration.ofMinutes(20));
            });
            assertThat(observer.answers).containsExactly(RegistryAnswer.CHALLENGED, RegistryAnswer.OK,
                    RegistryAnswer.OK, RegistryAnswer.REFUSED_LOCALLY);
            assertThat(tokens.issued()).isEqualTo(1);

            // by then the token has run out too: the listing takes all three permits again
            clock.advance(Duration.ofHours(1));
            assertThat(reader.listTags("team/web")).isEqualTo(new TagListing.Listed(List.of("1.0.0")));
            assertThat(tokens.issued()).isEqualTo(2);
        }
    }

    @Test
    void credentialsAppearInNoAnswerAndNoDescription() throws Exception {
        ToolRequirement.assumeInstalled("docker-registry");
        String pair = Base64.getEncoder().encodeToString(("ci:" + PASSWORD).getBytes(StandardCharsets.UTF_8));
        String wrongPair = Base64.getEncoder().encodeToString("ci:wrong-password".getBytes(StandardCharsets.UTF_8));
        try (TokenServer tokens = TokenServer.start(Map.of("ci", PASSWORD));
             RegistryHarness registry = RegistryHarness.builder().tokenAuth(tokens).start()) {
            List<Object> said = new ArrayList<>();
            for (String password : List.of(PASSWORD, "wrong-password")) {
                RegistryReader reader = reader(registry.baseUri(), Optional.of(password), RequestRate.DEFAULT,
                        Clock.systemUTC(), RegistryObserver.NONE);
                said.add(reader);
                said.add(reader.endpoint());
                said.add(reader.listTags("team/web"));
                said.add(reader.lookup("team/web", "latest"));
            }

            assertThat(said.toString()).contains("ci", "Unauthorized").doesNotContain(PASSWORD, "wrong-password",
                    pair, wrongPair);
            assertThat(registry.logText()).doesNotContain(PASSWORD, "wrong-password", pair, wrongPair);
        }
    }

    private static TagListing listing(URI url, Optional<String> password) throws InterruptedException {
        return reader(url, password, RequestRate.DEFAULT, Clock.systemUTC(), RegistryObserver.NONE)
                .listTags("team/web");
    }

    private static RegistryReader reader(URI url, Optional<String> password, RequestRate rate, Clock clock,
                                         RegistryObserver observer) {
        return new RegistryReader(new RegistryEndpoint(url, password.map(p -> "ci"), password, rate), TIMEOUT, clock,
                observer);
    }
}

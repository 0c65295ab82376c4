package dev.nomaddeployer.http;

import static dev.nomaddeployer.http.CallbackAuthenticationTest.basicHeader;
import static org.assertj.core.api.Assertions.assertThat;

import dev.nomaddeployer.config.RegistryAuth;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class CallbackCredentialsTest {

    @Test
    void passwordMayContainColonsBecauseOnlyTheFirstSeparatesTheUser() {
        CallbackCredentials credentials = CallbackCredentials.of(Listener.basic("ci", "a:b:c"));

        assertThat(credentials.check(basicHeader("ci", "a:b:c"))).isEqualTo(new Authentication.Granted("basic"));
    }

    @Test
    void nonAsciiPasswordIsComparedAsUtf8() {
        CallbackCredentials credentials = CallbackCredentials.of(Listener.basic("ci", "pässwörd✓"));

        assertThat(credentials.check(basicHeader("ci", "pässwörd✓")))
                .isEqualTo(new Authentication.Granted("basic"));
        assertThat(credentials.check(basicHeader("ci", "passwort"))).isInstanceOf(Authentication.Refused.class);
    }

    @Test
    void nothingConfiguredMeansNoCheck() {
        CallbackCredentials credentials = CallbackCredentials.of(Listener.open());

        assertThat(credentials.check(null)).isEqualTo(new Authentication.NotRequired());
        assertThat(credentials.challenges()).isEmpty();
    }

    @Test
    void refusalSaysWhatWasTriedWithoutRepeatingIt() {
        CallbackCredentials credentials = CallbackCredentials.of(
                new RegistryAuth(Optional.of("s3cret"), Optional.empty(), Optional.empty()));

        assertThat(credentials.check("Bearer guess-s3cret")).isEqualTo(
                new Authentication.Refused("bearer", "wrong bearer token"));
        assertThat(credentials.check(basicHeader("ci", "s3cret"))).isEqualTo(
                new Authentication.Refused("basic", "basic credentials sent but only a bearer token is configured"));
        assertThat(credentials.check("Digest s3cret")).isEqualTo(
                new Authentication.Refused("other", "unsupported Authorization scheme; expected Bearer"));
    }
}

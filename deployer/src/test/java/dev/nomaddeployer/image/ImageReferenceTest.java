package dev.nomaddeployer.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ImageReferenceTest {

    private static final String SHA = "sha256:2eeae04b8aba3539bcf7c548b7b879cd484e4add6b9bb79603e8de67237316e9";

    @ParameterizedTest(name = "{0}")
    @CsvSource(nullValues = "-", textBlock = """
            # reference                                  | host                | repository           | tag      | digest
            nginx,                                         docker.io,            library/nginx,         -,         -
            nginx:1.27,                                    docker.io,            library/nginx,         1.27,      -
            library/nginx:latest,                          docker.io,            library/nginx,         latest,    -
            docker.io/nginx,                               docker.io,            library/nginx,         -,         -
            docker.io/library/nginx:1.27-alpine,           docker.io,            library/nginx,         1.27-alpine, -
            index.docker.io/nginx,                         docker.io,            library/nginx,         -,         -
            Docker.IO/nginx,                               docker.io,            library/nginx,         -,         -
            user/app,                                      docker.io,            user/app,              -,         -
            user/app:v2,                                   docker.io,            user/app,              v2,        -
            registry.example:5000/team/web:1.5.0,          registry.example:5000, team/web,             1.5.0,     -
            Registry.Example:5000/team/web:1.5.0,          registry.example:5000, team/web,             1.5.0,     -
            registry.example/team/web,                     registry.example,     team/web,              -,         -
            localhost/app,                                 localhost,            app,                   -,         -
            localhost:5000/team/app:1.0.0,                 localhost:5000,       team/app,              1.0.0,     -
            127.0.0.1:5055/team/app:1.0.1,                 127.0.0.1:5055,       team/app,              1.0.1,     -
            [::1]:5000/team/app:1.0,                       [::1]:5000,           team/app,              1.0,       -
            [2001:db8::1]/app,                             [2001:db8::1],        app,                   -,         -
            ghcr.io/org/sub/deep/app:sha-abc_123,          ghcr.io,              org/sub/deep/app,      sha-abc_123, -
            quay.io/a/b__c.d-e--f:_x,                      quay.io,              a/b__c.d-e--f,         _x,        -
            my-registry.local:443/app:V1.2.3,              my-registry.local:443, app,                  V1.2.3,    -
            """, delimiter = ',', ignoreLeadingAndTrailingWhitespace = true)
    void acceptsReferencesFromTheDistributionGrammar(String ref, String host, String repository, String tag,
                                                     String digest) {
        assertThat(ImageReference.parse(ref)).isEqualTo(new ImageReference(host, repository, tag, digest));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(nullValues = "-", textBlock = """
            nginx@SHA,                                     docker.io,            library/nginx,         -
            registry.example:5000/team/web@SHA,            registry.example:5000, team/web,             -
            registry.example:5000/team/web:1.5.0@SHA,      registry.example:5000, team/web,             1.5.0
            """)
    void keepsDigestsAloneOrBesideATag(String ref, String host, String repository, String tag) {
        ImageReference parsed = ImageReference.parse(ref.replace("SHA", SHA));

        assertThat(parsed).isEqualTo(new ImageReference(host, repository, tag, SHA));
        assertThat(parsed.toString()).isEqualTo(host + "/" + repository + (tag == null ? "" : ":" + tag) + "@" + SHA);
    }

    @ParameterizedTest(name = "[{index}] \"{0}\"")
    @CsvSource(delimiter = '|', textBlock = """
            ''                                    | empty
            Nginx                                 | must be lower-case
            team/App:1.0                          | must be lower-case
            registry.example:5000/Team/app:1.0    | must be lower-case
            nginx:                                | does not follow
            nginx:-1                              | does not follow
            nginx:.hidden                         | does not follow
            nginx:tag with space                  | does not follow
            app@sha256:abc                        | does not follow
            registry.example:port/app             | does not follow
            registry.example:5000/                | does not follow
            registry.example:5000//app            | does not follow
            team/app_-x                           | does not follow
            -registry.example/app                 | does not follow
            [::1/app                              | does not follow
            team/app:1.0:2.0                      | does not follow
            https://registry.example/app          | does not follow
            """)
    void rejectsWhatTheDistributionGrammarRejects(String ref, String why) {
        assertThatThrownBy(() -> ImageReference.parse(ref))
                .isInstanceOf(InvalidImageReference.class)
                .hasMessageStartingWith("invalid image reference \"" + ref + "\"")
                .hasMessageContaining(why);
    }

    @org.junit.jupiter.api.Test
    void rejectsAnImageIdInPlaceOfAName() {
        String id = SHA.substring("sha256:".length());

        assertThatThrownBy(() -> ImageReference.parse(id)).hasMessageContaining("image ID");
    }

    @org.junit.jupiter.api.Test
    void rejectsNamesLongerThan255Characters() {
        String longName = "registry.example/" + "a".repeat(238);

        assertThat(ImageReference.parse(longName).repository()).hasSize(238);
        assertThatThrownBy(() -> ImageReference.parse(longName + "a")).hasMessageContaining("255");
    }

    @org.junit.jupiter.api.Test
    void acceptsA128CharacterTagButNotLonger() {
        assertThat(ImageReference.parse("app:" + "t".repeat(128)).tag()).hasSize(128);
        assertThatThrownBy(() -> ImageReference.parse("app:" + "t".repeat(129)))
                .isInstanceOf(InvalidImageReference.class);
    }
}

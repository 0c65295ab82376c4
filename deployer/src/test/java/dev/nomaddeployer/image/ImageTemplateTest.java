package dev.nomaddeployer.image;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class ImageTemplateTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            registry.example:5000/team/web:${NOMAD_META_VERSION}        | registry.example:5000 | team/web      | '' | VERSION | ''
            registry.example:5000/team/api:${NOMAD_META_API_VERSION}    | registry.example:5000 | team/api      | '' | API_VERSION | ''
            127.0.0.1:5055/team/app:v${NOMAD_META_version}-alpine       | 127.0.0.1:5055        | team/app      | v  | version | -alpine
            [::1]:5000/team/app:${NOMAD_META_VERSION}                   | [::1]:5000            | team/app      | '' | VERSION | ''
            localhost:5000/app:${NOMAD_META_VERSION}                    | localhost:5000        | app           | '' | VERSION | ''
            nginx:${NOMAD_META_NGINX}                                   | docker.io             | library/nginx | '' | NGINX   | ''
            docker.io/nginx:${NOMAD_META_NGINX}                         | docker.io             | library/nginx | '' | NGINX   | ''
            user/app:${NOMAD_META_V}                                    | docker.io             | user/app      | '' | V       | ''
            Registry.Example/team/web:${NOMAD_META_VERSION}             | registry.example      | team/web      | '' | VERSION | ''
            """)
    void readsLiteralHostAndRepositoryAndATemplatedTag(String image, String host, String repository, String prefix,
                                                       String variable, String suffix) {
        assertThat(ImageTemplate.parse(image))
                .contains(new ImageTemplate(host, repository, new TagTemplate(prefix, variable, suffix)));
    }

    @ParameterizedTest(name = "\"{0}\"")
    @ValueSource(strings = {
            "registry.example:5000/team/web:1.5.0",                       // fixed tag: not ours
            "registry.example:5000/team/web",
            "${NOMAD_META_REGISTRY}/team/web:${NOMAD_META_VERSION}",      // host is a variable
            "registry.example:${NOMAD_META_PORT}/team/web:1.0",
            "registry.example:5000/team/${NOMAD_META_APP}:1.0",           // repository is a variable
            "registry.example:5000/${NOMAD_META_TEAM}/web:${NOMAD_META_VERSION}",
            "registry.example:5000/team/web:${meta.version}",             // node meta
            "registry.example:5000/team/web:${NOMAD_META_A}-${NOMAD_META_B}",
            "registry.example:5000/team/web:${NOMAD_META_VERSION}@sha256:2eeae04b8aba3539bcf7c548b7b879cd484e4add6b9bb79603e8de67237316e9",
            "registry.example:5000/team/web:${NOMAD_META_TAG}@sha256:2eeae04b8aba3539bcf7c548b7b879cd484e4add6b9bb79603e8de67237316e9",
            "registry.example:5000/team/web:${NOMAD_META_TAG}@${NOMAD_META_TAG}",      // one value cannot be both
            "registry.example:5000/team/web:${NOMAD_META_TAG}@",
            "registry.example:5000/team/web:${NOMAD_META_TAG}@sha256:${NOMAD_META_HEX}", // the digest is one variable
            "registry.example:5000/team/web:${NOMAD_META_TAG}@${meta.digest}",
            "registry.example:5000/team/web:${NOMAD_META_TAG}@${NOMAD_META_D}@${NOMAD_META_E}",
            "registry.example:5000/team/web:latest@${NOMAD_META_DIGEST}",   // pushes are matched on the tag
            "registry.example:5000/team/web@${NOMAD_META_DIGEST}",          // a digest alone names no tag to follow
            "registry.example:5000/Team/web:${NOMAD_META_VERSION}",       // upper-case repository
            "registry.example:5000/team/web:1.0:${NOMAD_META_VERSION}",
            ":${NOMAD_META_VERSION}",
            "",
    })
    void refusesImagesThatAMetaChangeCannotRedeploy(String image) {
        assertThat(ImageTemplate.parse(image)).isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            registry.example:5000/team/web:${NOMAD_META_VERSION} | 1.6.0 | registry.example:5000/team/web:1.6.0
            nginx:${NOMAD_META_V}-alpine                          | 1.27  | docker.io/library/nginx:1.27-alpine
            """)
    void rendersTheNormalisedImageNomadWillPull(String image, String value, String rendered) {
        assertThat(ImageTemplate.parse(image).orElseThrow().render(value)).isEqualTo(rendered);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            registry.example:5000/team/web:${NOMAD_META_TAG}@${NOMAD_META_TAG_DIGEST} | registry.example:5000 | team/web | '' | TAG | '' | TAG_DIGEST
            nginx:${NOMAD_META_CHANNEL}-alpine@${NOMAD_META_channel_digest}          | docker.io | library/nginx | '' | CHANNEL | -alpine | channel_digest
            """)
    void readsAnImageThatFollowsItsTagsDigestThroughASecondVariable(String image, String host, String repository,
                                                                    String prefix, String variable, String suffix,
                                                                    String digestVariable) {
        assertThat(ImageTemplate.parse(image)).contains(new ImageTemplate(host, repository,
                new TagTemplate(prefix, variable, suffix), digestVariable));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            registry.example:5000/team/web:${NOMAD_META_TAG}@${NOMAD_META_TAG_DIGEST} | registry.example:5000/team/web:latest@sha256:2eeae04b8aba3539bcf7c548b7b879cd484e4add6b9bb79603e8de67237316e9
            """)
    void rendersTheTagAndTheDigestNomadWillPull(String image, String rendered) {
        ImageTemplate template = ImageTemplate.parse(image).orElseThrow();
        assertThat(template.render("latest",
                "sha256:2eeae04b8aba3539bcf7c548b7b879cd484e4add6b9bb79603e8de67237316e9")).isEqualTo(rendered);
        assertThat(ImageTemplate.parse(template.text())).contains(template);
    }
}

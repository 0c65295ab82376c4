package dev.nomaddeployer.image;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class TagTemplateTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            ${NOMAD_META_VERSION}             | ''     | VERSION         | ''
            ${NOMAD_META_version}             | ''     | version         | ''
            v${NOMAD_META_VERSION}            | v      | VERSION         | ''
            v${NOMAD_META_VERSION}-alpine     | v      | VERSION         | -alpine
            ${NOMAD_META_API_VERSION}_amd64   | ''     | API_VERSION     | _amd64
            release-${NOMAD_META_app.ver}     | release- | app.ver       | ''
            ${NOMAD_META_app-version}         | ''     | app-version     | ''
            """)
    void splitsPrefixVariableAndSuffix(String text, String prefix, String variable, String suffix) {
        TagTemplate template = TagTemplate.parse(text).orElseThrow();

        assertThat(template).isEqualTo(new TagTemplate(prefix, variable, suffix));
        assertThat(template.text()).isEqualTo(text);
    }

    @ParameterizedTest(name = "\"{0}\"")
    @ValueSource(strings = {
            "1.5.0",                                      // no variable at all
            "latest",
            "${meta.version}",                            // node meta, not job meta
            "${NOMAD_REGION}",                            // a Nomad variable that is not meta
            "${attr.kernel.name}",
            "${NOMAD_META_}",                             // no key name
            "${NOMAD_META_VERSION}-${NOMAD_META_FLAVOR}", // two variables
            "${NOMAD_META_VERSION}${NOMAD_META_VERSION}",
            "${NOMAD_META_VERSION",                       // never closed
            "${NOMAD_META_VER SION}",                     // Nomad would not interpolate it
            "${NOMAD_META_VERSION}@sha256:abc",           // a digest pins the image
            "-${NOMAD_META_VERSION}",                     // a tag cannot start with '-'
            ".${NOMAD_META_VERSION}",
            "v/${NOMAD_META_VERSION}",
            "${ NOMAD_META_VERSION }",
            "$${NOMAD_META_VERSION}",
    })
    void refusesTagsThatAreNotOneMetaVariableAmongTagCharacters(String text) {
        assertThat(TagTemplate.parse(text)).isEmpty();
    }

    @ParameterizedTest(name = "{0} + {1}")
    @CsvSource(nullValues = "-", textBlock = """
            ${NOMAD_META_VERSION},          1.6.0,            1.6.0
            ${NOMAD_META_VERSION},          latest,           latest
            v${NOMAD_META_VERSION}-alpine,  v1.2.3-alpine,    1.2.3
            v${NOMAD_META_VERSION}-alpine,  v1.2-alpine-alpine, 1.2-alpine
            v${NOMAD_META_VERSION}-alpine,  1.2.3-alpine,     -
            v${NOMAD_META_VERSION}-alpine,  v1.2.3,           -
            v${NOMAD_META_VERSION}-alpine,  v1.2.3-slim,      -
            v${NOMAD_META_VERSION}-alpine,  v-alpine,         -
            v${NOMAD_META_VERSION},         v,                -
            ${NOMAD_META_VERSION}_amd64,    2.0.0_amd64,      2.0.0
            ${NOMAD_META_VERSION},          -bad,             -
            """)
    void matchesPushedTagsOfTheTemplatesShapeAndKeepsTheVariablePart(String text, String pushed, String value) {
        TagTemplate template = TagTemplate.parse(text).orElseThrow();

        assertThat(template.match(pushed)).isEqualTo(java.util.Optional.ofNullable(value));
    }

    @Test
    void rendersTheTagNomadWillRun() {
        TagTemplate template = TagTemplate.parse("v${NOMAD_META_VERSION}-alpine").orElseThrow();

        assertThat(template.render("1.2.3")).isEqualTo("v1.2.3-alpine");
        assertThat(template.match(template.render("1.2.3"))).contains("1.2.3");
    }
}

package dev.nomaddeployer.image;

import static org.assertj.core.api.Assertions.assertThat;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

class ReferenceRoundTripProperties {

    @Property(tries = 300)
    void printedReferenceParsesBackToItself(@ForAll("references") ImageReference reference) {
        assertThat(ImageReference.parse(reference.toString())).isEqualTo(reference);
    }

    @Property(tries = 300)
    void templateMatchGivesBackTheValueItRendered(@ForAll("tagLiterals") String prefix,
                                                 @ForAll("tagLiterals") String suffix,
                                                 @ForAll("tagLiterals") String value) {
        String safePrefix = prefix.isEmpty() || ReferenceGrammar.isValidTag(prefix.substring(0, 1)) ? prefix : "v" + prefix;
        TagTemplate template = TagTemplate.parse(safePrefix + "${NOMAD_META_VERSION}" + suffix).orElseThrow();
        String rendered = template.render("x" + value);

        if (ReferenceGrammar.isValidTag(rendered)) {
            assertThat(template.match(rendered)).contains("x" + value);
        } else {
            assertThat(template.match(rendered)).isEmpty();
        }
    }

    @Provide
    Arbitrary<ImageReference> references() {
        Arbitrary<String> component = Arbitraries.strings().withChars("abcz019").ofMinLength(1).ofMaxLength(6);
        Arbitrary<String> separator = Arbitraries.of(".", "_", "__", "-", "--");
        Arbitrary<String> pathComponent = Combinators.combine(component, separator, component)
                .as((a, sep, b) -> a + sep + b);
        Arbitrary<String> repository = pathComponent.list().ofMinSize(2).ofMaxSize(4).map(l -> String.join("/", l));
        Arbitrary<String> host = Arbitraries.of("registry.example:5000", "localhost", "[::1]:5000", "10.0.0.5",
                "docker.io", "ghcr.io");
        Arbitrary<String> tag = Arbitraries.strings().withChars("aZ09_.-").ofMinLength(0).ofMaxLength(20)
                .map(s -> s.isEmpty() ? null : "t" + s);
        Arbitrary<String> digest = Arbitraries.strings().withChars("0123456789abcdef").ofLength(64)
                .injectNull(0.5).map(hex -> hex == null ? null : "sha256:" + hex);
        return Combinators.combine(host, repository, tag, digest).as(ImageReference::new);
    }

    @Provide
    Arbitrary<String> tagLiterals() {
        return Arbitraries.strings().withChars("aZ09_.-").ofMinLength(0).ofMaxLength(70);
    }
}

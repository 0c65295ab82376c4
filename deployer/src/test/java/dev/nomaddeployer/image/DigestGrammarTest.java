package dev.nomaddeployer.image;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class DigestGrammarTest {

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {
            "sha256:2eeae04b8aba3539bcf7c548b7b879cd484e4add6b9bb79603e8de67237316e9",
            "sha512:2eeae04b8aba3539bcf7c548b7b879cd484e4add6b9bb79603e8de67237316e92eeae04b8aba3539bcf7c548b7b879cd",
            "multihash+base58:0123456789abcdef0123456789abcdef",
    })
    void acceptsAlgorithmColonHex(String digest) {
        assertThat(ReferenceGrammar.isValidDigest(digest)).isTrue();
    }

    @ParameterizedTest(name = "\"{0}\"")
    @ValueSource(strings = {
            "",
            "sha256",
            "sha256:",
            "sha256:abc",                                                              // shorter than 32 digits
            "2eeae04b8aba3539bcf7c548b7b879cd484e4add6b9bb79603e8de67237316e9",        // no algorithm
            "sha256:2eeae04b8aba3539bcf7c548b7b879cd484e4add6b9bb79603e8de67237316eg",  // not hexadecimal
            "sha256:2eeae04b8aba3539bcf7c548b7b879cd484e4add6b9bb79603e8de67237316e9 ",
            "256:2eeae04b8aba3539bcf7c548b7b879cd484e4add6b9bb79603e8de67237316e9",    // algorithm starts with a letter
    })
    void refusesAnythingElse(String digest) {
        assertThat(ReferenceGrammar.isValidDigest(digest)).isFalse();
    }
}

package dev.nomaddeployer.nomad;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Nomad answers most failures with HTTP 500; what happens next depends on what the text means. */
class NomadErrorsTest {

    @ParameterizedTest(name = "{0} {1} -> {2}")
    @CsvSource(delimiter = '|', textBlock = """
            500 | Enforcing job modify index 40: job exists with conflicting job modify index: 47 | Conflict
            500 | Enforcing job modify index 0: job already exists                                 | Conflict
            500 | Enforcing job modify index 7: job does not exist                                 | Conflict
            500 | No cluster leader                                                                | Transient
            500 | rpc error: EOF                                                                   | Transient
            500 | some error nobody has seen before                                                | Transient
            502 | Bad Gateway                                                                      | Transient
            503 | Service Unavailable                                                              | Transient
            504 | Gateway Timeout                                                                  | Transient
            403 | Permission denied                                                                | Permanent
            404 | job not found                                                                    | Permanent
            400 | Job ID does not match name                                                       | Permanent
            500 | 1 error occurred:\\n\\t* Missing job datacenters                                  | Permanent
            500 | 2 errors occurred:\\n\\t* a\\n\\t* b                                              | Permanent
            500 | job "web" is in nonexistent namespace "nope"                                     | Permanent
            500 | cannot update job from type "service" to "batch"                                 | Permanent
            500 | No path to region                                                                | Permanent
            """)
    void classifiesByWhatTheAnswerMeans(int status, String body, String expected) {
        String text = body.replace("\\n", "\n").replace("\\t", "\t");
        assertThat(NomadErrors.classify(status, text).getClass().getSimpleName()).isEqualTo(expected);
    }

    @ParameterizedTest
    @CsvSource({"403, Permission denied"})
    void keepsNomadsOwnMessage(int status, String body) {
        assertThat(NomadErrors.classify(status, body).message()).isEqualTo("HTTP 403: Permission denied");
    }
}

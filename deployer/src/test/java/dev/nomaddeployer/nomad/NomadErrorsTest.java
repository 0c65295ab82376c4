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
            500 | No cluster leader                                                                | Unavailable
            500 | rpc error: EOF                                                                   | Unavailable
            500 | some error nobody has seen before                                                | Unavailable
            502 | Bad Gateway                                                                      | Unavailable
            503 | Service Unavailable                                                              | Unavailable
            504 | Gateway Timeout                                                                  | Unavailable
            403 | Permission denied                                                                | PermissionDenied
            404 | job not found                                                                    | NotFound
            400 | Job ID does not match name                                                       | Rejected
            500 | 1 error occurred:\\n\\t* Missing job datacenters                                  | Rejected
            500 | 2 errors occurred:\\n\\t* a\\n\\t* b                                              | Rejected
            500 | job "web" is in nonexistent namespace "nope"                                     | NotFound
            500 | cannot update job from type "service" to "batch"                                 | Rejected
            500 | No path to region                                                                | Rejected
            500 | Current job has version 4; enforcing version 3                                   | Conflict
            500 | job "web" not found                                                              | NotFound
            500 | job "web" in namespace "default" at version 9 not found                          | NotFound
            500 | job "web" version 9 not found                                                    | NotFound
            500 | can't revert to current version                                                  | Rejected
            500 | tag "v1" already exists on a different version of job "web"                      | Rejected
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

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
            "LIST_JOBS, list jobs in namespace default: HTTP 403: Permission denied (the token needs the list-jobs capability in this namespace)",
            "READ_JOB, read job web in namespace default: HTTP 403: Permission denied (the token needs the read-job capability in this namespace)",
            "REGISTER_JOB, register job web in namespace default: HTTP 403: Permission denied (the token needs the submit-job capability in this namespace)"})
    void refusalNamesTheCapabilityTheCallNeeds(NomadCall.Kind kind, String expected) {
        NomadCall call = new NomadCall(kind, "default", kind == NomadCall.Kind.LIST_JOBS ? null : "web");
        NomadException refused = new NomadException(call, NomadErrors.classify(403, "Permission denied"));
        assertThat(refused.explained()).isEqualTo(expected);
    }

    @ParameterizedTest(name = "{0} {1} retryable={2}")
    @CsvSource(delimiter = '|', textBlock = """
            500 | No cluster leader                                                    | true
            500 | Enforcing job modify index 7: job exists with conflicting job modify index: 9 | true
            403 | Permission denied                                                    | false
            404 | job not found                                                        | false
            500 | 1 error occurred:\\n\\t* Missing job datacenters                      | false
            """)
    void onlyFailuresThatMayPassByThemselvesAreRetried(int status, String body, boolean retryable) {
        String text = body.replace("\\n", "\n").replace("\\t", "\t");
        assertThat(NomadErrors.classify(status, text).retryable()).isEqualTo(retryable);
    }
}

package dev.nomaddeployer.testbed.nomad;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** nomad-api.md#error-bodies and #body-decoding to #put-post: encoding, body decoding, routing. */
class TransportConformanceTest extends SimTestBase {

    @Test
    @DisplayName("error-bodies: errors are bare text/plain; successes application/json")
    void errorsArePlainTextAndSuccessesJson() {
        SimHttp.Response missing = http.get("/v1/job/nope");
        assertThat(missing.header("Content-Type")).isEqualTo("text/plain; charset=utf-8");
        assertThat(missing.body()).isEqualTo("job not found");
        assertThat(http.get("/v1/jobs").header("Content-Type")).isEqualTo("application/json");
    }

    @Test
    @DisplayName("body-decoding: unknown keys are ignored and lower-case keys match")
    void registerAcceptsUnknownKeysAndLowerCaseJobKey() {
        String body = "{\"Foo\":1,\"job\":" + minimalJob("web", "1.0.0").put("Bar", true) + "}";
        SimHttp.Response r = http.post("/v1/jobs", body);
        assertThat(r.status()).isEqualTo(200);
        assertThat(sim.job("default", "web")).isPresent();
    }

    @Test
    @DisplayName("body-decoding: lower-case nested keys are stored under the Go name; trailing bytes ignored")
    void nestedKeysAreCaseInsensitiveAndTrailingBytesIgnored() {
        String body = "{\"Job\":{\"id\":\"web\",\"priority\":70,\"taskgroups\":[{\"name\":\"web\",\"count\":3,"
                + "\"tasks\":[{\"name\":\"web\",\"driver\":\"docker\"}]}]}} trailing garbage";
        assertThat(http.post("/v1/jobs", body).status()).isEqualTo(200);
        assertThat(sim.job("default", "web").orElseThrow().get("Priority").asInt()).isEqualTo(70);
        assertThat(sim.job("default", "web").orElseThrow().at("/TaskGroups/0/Count").asInt()).isEqualTo(3);
    }

    @Test
    @DisplayName("decode-errors: empty body, truncated JSON and wrong types are 400 with Go's texts")
    void badBodiesAreRejectedWithDecoderTexts() {
        assertThat(http.post("/v1/jobs", "").body()).isEqualTo("Request body is empty");
        SimHttp.Response truncated = http.post("/v1/jobs", "{\"Job\":{\"ID\":\"web\"");
        assertThat(truncated.status()).isEqualTo(400);
        assertThat(truncated.body()).isEqualTo("unexpected EOF");
        SimHttp.Response typed = http.post("/v1/jobs", "{\"Job\":{\"ID\":\"web\",\"Priority\":\"x\"}}");
        assertThat(typed.status()).isEqualTo(400);
        assertThat(typed.body()).startsWith("json: cannot unmarshal string into Go struct field")
                .endsWith("Priority of type int");
    }

    @Test
    @DisplayName("decode-errors: durations must be integers; \"30s\" is a type error")
    void durationStringsAreTypeErrors() {
        String body = "{\"Job\":{\"ID\":\"web\",\"TaskGroups\":[{\"Name\":\"web\",\"Tasks\":[{\"Name\":\"web\","
                + "\"KillTimeout\":\"30s\"}]}]}}";
        SimHttp.Response r = http.post("/v1/jobs", body);
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.body()).startsWith("json: cannot unmarshal string").endsWith("of type time.Duration");
    }

    @Test
    @DisplayName("status-mapping: plain server errors are 500 with their text")
    void plainErrorsAre500() {
        SimHttp.Response r = http.post("/v1/jobs", "{\"Job\":{\"ID\":\"web\"}}");
        assertThat(r.status()).isEqualTo(500);
        assertThat(r.body()).isEqualTo("1 error occurred:\n\t* Missing job task groups\n\n");
    }

    @Test
    @DisplayName("routing-errors: wrong method is 405 Invalid method, unknown path 404 with empty body")
    void wrongMethodAndUnknownPath() {
        SimHttp.Response patch = http.send("PATCH", "/v1/jobs", "{}");
        assertThat(patch.status()).isEqualTo(405);
        assertThat(patch.body()).isEqualTo("Invalid method");
        SimHttp.Response nope = http.get("/v1/nope");
        assertThat(nope.status()).isEqualTo(404);
        assertThat(nope.body()).isEmpty();
        assertThat(http.send("POST", "/v1/evaluation/x", "{}").status()).isEqualTo(405);
    }

    @Test
    @DisplayName("job-path-suffixes: an unknown suffix is part of the job ID")
    void unknownSuffixIsPartOfJobId() {
        register(minimalJob("web", "1.0.0"));
        SimHttp.Response r = http.get("/v1/job/web/unknown-suffix");
        assertThat(r.status()).isEqualTo(404);
        assertThat(r.body()).isEqualTo("job not found");
    }

    @Test
    @DisplayName("put-post: PUT and POST both register")
    void putAndPostBothRegister() {
        assertThat(http.send("PUT", "/v1/job/a", body(minimalJob("a", "1"))).status()).isEqualTo(200);
        assertThat(http.send("POST", "/v1/jobs", body(minimalJob("b", "1"))).status()).isEqualTo(200);
        assertThat(sim.job("default", "a")).isPresent();
        assertThat(sim.job("default", "b")).isPresent();
    }
}

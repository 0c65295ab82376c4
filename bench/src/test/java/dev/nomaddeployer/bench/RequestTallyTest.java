package dev.nomaddeployer.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RequestTallyTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** The shape nomad-sim's GET /_sim/requests answers. */
    private static RequestTally tally(String rows) throws Exception {
        return RequestTally.fromSimulator(JSON.readTree("{\"requests\":[" + rows + "]}"), NomadObserver.USER_AGENT);
    }

    private static String row(String client, String method, String endpoint, int status, long count) {
        return "{\"client\":\"" + client + "\",\"method\":\"" + method + "\",\"endpoint\":\"" + endpoint
                + "\",\"status\":" + status + ",\"count\":" + count + "}";
    }

    @Test
    void theBenchmarksOwnRequestsAreNotCountedAsTheServices() throws Exception {
        RequestTally tally = tally(String.join(",",
                row("Java-http-client/17", "GET", "/v1/jobs", 200, 2),
                row(NomadObserver.USER_AGENT, "GET", "/v1/jobs", 200, 500),
                row(NomadObserver.USER_AGENT, "GET", "/v1/event/stream", 200, 1)));

        assertThat(tally.byEndpoint()).isEqualTo(Map.of("GET /v1/jobs", 2L));
        assertThat(tally.total()).isEqualTo(2);
    }

    @Test
    void statusesAddUpPerEndpointAndAnswersOtherThan2xxAreKeptApart() throws Exception {
        RequestTally tally = tally(String.join(",",
                row("svc", "POST", "/v1/job/:id", 200, 10),
                row("svc", "POST", "/v1/job/:id", 500, 2),
                row("svc", "GET", "/v1/job/:id", 404, 1),
                row("svc", "GET", "/v1/job/:id", 0, 3)));

        assertThat(tally.of("POST /v1/job/:id")).isEqualTo(12);
        assertThat(tally.of("GET /v1/job/:id")).isEqualTo(4);
        assertThat(tally.failed()).isEqualTo(Map.of("POST /v1/job/:id 500", 2L, "GET /v1/job/:id 404", 1L,
                "GET /v1/job/:id 0", 3L));
    }

    @Test
    void aPhaseIsTheDifferenceOfTwoReadingsAndIsReportedPerPush() throws Exception {
        RequestTally before = tally(String.join(",", row("svc", "GET", "/v1/jobs", 200, 2),
                row("svc", "GET", "/v1/job/:id", 200, 10_000)));
        RequestTally after = tally(String.join(",", row("svc", "GET", "/v1/jobs", 200, 2),
                row("svc", "GET", "/v1/job/:id", 200, 11_000), row("svc", "POST", "/v1/job/:id", 200, 1_000)));

        RequestTally phase = after.minus(before);

        assertThat(phase.byEndpoint()).isEqualTo(Map.of("GET /v1/job/:id", 1_000L, "POST /v1/job/:id", 1_000L));
        assertThat(phase.of(RequestTally.LIST)).isZero();
        assertThat(phase.perPush(400)).isEqualTo(Map.of("GET /v1/job/:id", 2.5, "POST /v1/job/:id", 2.5));
        assertThat(phase.perPush(0)).isEmpty();
        assertThat(phase.perPush(3).get("GET /v1/job/:id")).isEqualTo(333.333);
    }

    @Test
    void anAnswerWithoutRequestsIsAFailureNotAnEmptyTally() throws Exception {
        assertThatThrownBy(() -> RequestTally.fromSimulator(JSON.readTree("{}"), NomadObserver.USER_AGENT))
                .isInstanceOf(BenchFailure.class).hasMessageContaining("requests");
    }
}

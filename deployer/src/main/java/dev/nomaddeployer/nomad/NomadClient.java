package dev.nomaddeployer.nomad;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Nomad's HTTP API, one method per endpoint the deployer uses. Jobs travel as JSON trees so that fields
 * a newer Nomad adds survive a read-modify-write untouched.
 */
public final class NomadClient {
    private static final int PAGE_SIZE = 500;

    private final NomadConnection connection;
    private HttpClient http;
    private final NomadToken token;
    private final ObjectMapper json = new ObjectMapper();
    private final NomadRequestObserver observer;

    public NomadClient(NomadConnection connection) {
        this(connection, NomadRequestObserver.NONE);
    }

    public NomadClient(NomadConnection connection, NomadRequestObserver observer) {
        this.connection = connection;
        this.observer = observer;
        this.token = new NomadToken(connection.token(), connection.tokenFile());
    }

    /**
     * Built on first use rather than at start: setting up the client and its TLS context costs about a tenth of
     * a second, which then falls after the listener has opened instead of before.
     */
    private synchronized HttpClient http() {
        if (http == null) {
            HttpClient.Builder builder = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1);
            if (!connection.timeout().isZero()) {
                builder.connectTimeout(connection.timeout());
            }
            if (connection.tls().isPresent()) {
                builder.sslContext(connection.tls().get().context());
            } else if ("http".equalsIgnoreCase(connection.address().getScheme())) {
                builder.sslContext(TlsContexts.trustingNothing());
            }
            http = builder.build();
        }
        return http;
    }

    public URI address() {
        return connection.address();
    }

    /**
     * Every job stub in {@code namespace} ({@code *} = every namespace the token may list), all pages. With
     * {@code waitIndex} above 0 this is a blocking query: Nomad holds the first page until its index passes
     * {@code waitIndex} or {@code wait} runs out (docs/nomad-api.md#blocking-query); later pages answer at once.
     */
    public JobList listJobs(String namespace, long waitIndex, Duration wait) throws NomadException {
        List<JobStub> stubs = new ArrayList<>();
        String nextToken = "";
        long index = 0;
        boolean first = true;
        do {
            boolean blocking = first && waitIndex > 0;
            String query = "namespace=" + enc(namespace) + "&per_page=" + PAGE_SIZE
                    + (nextToken.isEmpty() ? "" : "&next_token=" + enc(nextToken))
                    + (blocking ? "&index=" + waitIndex + "&wait=" + wait.toMillis() + "ms" : "");
            NomadCall call = NomadCall.listJobs(namespace);
            HttpRequest.Builder request = request("/v1/jobs", query);
            if (blocking) {
                holdFor(request, wait);
            }
            HttpResponse<String> response = send(call, request.GET().build());
            JsonNode array = parse(call, response.body());
            if (!array.isArray()) {
                throw new NomadException(call, new NomadError.BadAnswer("Nomad answered a job list that is not an array"));
            }
            for (JsonNode stub : array) {
                if (!stub.path("ID").isTextual()) {
                    throw new NomadException(call, new NomadError.BadAnswer("Nomad answered a job stub without an ID"));
                }
                stubs.add(new JobStub(
                        stub.path("Namespace").asText("default"),
                        stub.path("ID").asText(),
                        stub.path("JobModifyIndex").asLong(),
                        stub.path("ParentID").asText(""),
                        stub.path("Stop").asBoolean(false)));
            }
            if (first) {
                index = index(response);
            }
            first = false;
            nextToken = response.headers().firstValue("X-Nomad-NextToken").orElse("");
        } while (!nextToken.isEmpty());
        return new JobList(stubs, index);
    }

    /**
     * Opens {@code GET /v1/event/stream?topic=Job&topic=Deployment} for {@code namespace} from Raft index {@code fromIndex}
     * (0 = everything Nomad still buffers). Nomad does not say when {@code fromIndex} is no longer buffered: it
     * starts at the closest entry it holds (docs/nomad-api.md#event-index-gone), so callers check continuity.
     */
    public JobEventStream jobEvents(String namespace, long fromIndex) throws NomadException {
        NomadCall call = NomadCall.followJobEvents(namespace);
        // The request's time-out bounds the wait for the answer's headers only; the body is read as long as it lasts.
        HttpRequest request = request("/v1/event/stream", "topic=Job&topic=Deployment&namespace=" + enc(namespace)
                + (fromIndex > 0 ? "&index=" + fromIndex : "")).GET().build();
        HttpResponse<InputStream> response;
        try {
            response = http().send(request, HttpResponse.BodyHandlers.ofInputStream());
        } catch (IOException e) {
            throw new NomadException(call, unavailable(e));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new NomadException(call, new NomadError.Unavailable("interrupted"));
        }
        if (response.statusCode() / 100 != 2) {
            String body;
            try (InputStream in = response.body()) {
                body = new String(in.readNBytes(64 * 1024), StandardCharsets.UTF_8);
            } catch (IOException e) {
                body = "";
            }
            throw new NomadException(call, NomadErrors.classify(response.statusCode(), body));
        }
        return new JobEventStream(call, response.body(), json);
    }

    private static long parseIndex(String header) {
        try {
            return Long.parseLong(header.trim());
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    /** The versions Nomad keeps of the job, newest first, each a whole job as it was registered. */
    public List<ObjectNode> jobVersions(String namespace, String jobId) throws NomadException {
        NomadCall call = new NomadCall(NomadCall.Kind.READ_JOB_VERSIONS, namespace, jobId);
        JsonNode answer = parse(call, send(call, get("/v1/job/" + enc(jobId) + "/versions",
                "namespace=" + enc(namespace))).body());
        if (!answer.path("Versions").isArray()) {
            throw new NomadException(call, new NomadError.BadAnswer("Nomad answered versions without a Versions list"));
        }
        List<ObjectNode> versions = new ArrayList<>();
        answer.path("Versions").forEach(version -> {
            if (version instanceof ObjectNode job) {
                versions.add(job);
            }
        });
        return versions;
    }

    /** The evaluations of the job Nomad still holds, each as Nomad returned it. */
    public List<JsonNode> jobEvaluations(String namespace, String jobId) throws NomadException {
        NomadCall call = new NomadCall(NomadCall.Kind.LIST_JOB_EVALUATIONS, namespace, jobId);
        JsonNode answer = parse(call, send(call, get("/v1/job/" + enc(jobId) + "/evaluations",
                "namespace=" + enc(namespace))).body());
        if (!answer.isArray()) {
            throw new NomadException(call, new NomadError.BadAnswer("Nomad answered evaluations that are not a list"));
        }
        List<JsonNode> evaluations = new ArrayList<>();
        answer.forEach(evaluations::add);
        return evaluations;
    }

    public JobRead readJob(String namespace, String jobId) throws NomadException {
        NomadCall call = NomadCall.readJob(namespace, jobId);
        HttpResponse<String> response = send(call, get("/v1/job/" + enc(jobId), "namespace=" + enc(namespace)));
        JsonNode job = parse(call, response.body());
        if (!(job instanceof ObjectNode object)) {
            throw new NomadException(call, new NomadError.BadAnswer("Nomad answered a job that is not an object"));
        }
        String wrong = notThisJob(object, jobId);
        if (wrong != null) {
            throw new NomadException(call, new NomadError.BadAnswer("Nomad's answer is not job " + jobId + ": " + wrong));
        }
        return new JobRead(object, object.path("JobModifyIndex").asLong());
    }

    /**
     * Why an answer to a job read is not that job, or null. Every job Nomad returns has its ID, a TaskGroups
     * array and a JobModifyIndex; an answer without them (a proxy's {@code {}}, a truncated body) must not be
     * planned on, since it would look like a job that runs no image at all.
     */
    private static String notThisJob(ObjectNode job, String jobId) {
        if (!job.path("TaskGroups").isArray()) {
            return job.has("TaskGroups") ? "TaskGroups is not an array" : "it has no TaskGroups";
        }
        if (!job.path("JobModifyIndex").isIntegralNumber()) {
            return "it has no JobModifyIndex";
        }
        if (!job.path("ID").asText().equals(jobId)) {
            return "its ID is \"" + job.path("ID").asText() + "\"";
        }
        return null;
    }

    /**
     * Registers {@code job} only if it is still at {@code jobModifyIndex}: a change someone made since our
     * read fails with {@link NomadError.Conflict} instead of being overwritten. Counts are preserved so a
     * redeploy never undoes a scaling action.
     */
    public RegisterResult register(String namespace, ObjectNode job, long jobModifyIndex) throws NomadException {
        String jobId = job.path("ID").asText();
        NomadCall call = NomadCall.registerJob(namespace, jobId);
        ObjectNode body = json.createObjectNode();
        body.set("Job", job);
        body.put("EnforceIndex", true);
        body.put("JobModifyIndex", jobModifyIndex);
        body.put("PreserveCounts", true);
        HttpRequest request;
        try {
            request = request("/v1/job/" + enc(jobId), "namespace=" + enc(namespace))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofByteArray(json.writeValueAsBytes(body)))
                    .build();
        } catch (IOException e) {
            throw new NomadException(call, new NomadError.Rejected("cannot encode job: " + e.getMessage()));
        }
        JsonNode answer = parse(call, send(call, request).body());
        return new RegisterResult(answer.path("EvalID").asText(""), answer.path("JobModifyIndex").asLong(),
                answer.path("Warnings").asText(""));
    }

    /**
     * {@code POST /v1/job/:id/plan} with the diff: Nomad's scheduler runs the job as a register would, against a
     * snapshot, and writes nothing (no version, no evaluation, no index). Refusals are those of a register
     * (validation, submit-job), without the EnforceIndex conflict: a plan enforces no index.
     */
    public JobPlan planJob(String namespace, ObjectNode job) throws NomadException {
        String jobId = job.path("ID").asText();
        NomadCall call = NomadCall.about(NomadCall.Kind.PLAN_JOB, namespace, jobId);
        ObjectNode body = json.createObjectNode();
        body.set("Job", job);
        body.put("Diff", true);
        body.put("PolicyOverride", false);
        JsonNode answer = parse(call, send(call, post("/v1/job/" + enc(jobId) + "/plan", namespace, body)).body());
        if (!answer.isObject() || !answer.has("Annotations")) {
            throw new NomadException(call, new NomadError.BadAnswer("the answer is not a job plan"));
        }
        return JobPlan.of(answer);
    }

    /**
     * {@code GET /v1/deployment/:id}. With {@code waitIndex} above 0 a blocking query: Nomad answers once the
     * deployment's ModifyIndex passes {@code waitIndex} or {@code wait} runs out (then with the unchanged
     * deployment). A deployment Nomad does not have (or hides from the token's namespaces) is {@link NomadError.NotFound}.
     */
    public DeploymentRead readDeployment(String namespace, String deploymentId, long waitIndex, Duration wait)
            throws NomadException {
        NomadCall call = NomadCall.about(NomadCall.Kind.READ_DEPLOYMENT, namespace, deploymentId);
        boolean blocking = waitIndex > 0;
        HttpRequest.Builder request = request("/v1/deployment/" + enc(deploymentId), "namespace=" + enc(namespace)
                + (blocking ? "&index=" + waitIndex + "&wait=" + wait.toMillis() + "ms" : ""));
        if (blocking) {
            holdFor(request, wait);
        }
        HttpResponse<String> response = send(call, request.GET().build());
        JsonNode deployment = parse(call, response.body());
        if (!(deployment instanceof ObjectNode object) || !object.path("ID").asText().equals(deploymentId)) {
            throw new NomadException(call, new NomadError.BadAnswer("Nomad's answer is not deployment " + deploymentId));
        }
        return new DeploymentRead(object, index(response));
    }

    /**
     * {@code GET /v1/job/:id/deployment}: the job's most recent deployment, empty when it has none (Nomad answers
     * JSON null, also for a job it does not know).
     */
    public Optional<ObjectNode> latestDeployment(String namespace, String jobId) throws NomadException {
        NomadCall call = NomadCall.about(NomadCall.Kind.READ_LATEST_DEPLOYMENT, namespace, jobId);
        JsonNode answer = parse(call, send(call, get("/v1/job/" + enc(jobId) + "/deployment",
                "namespace=" + enc(namespace))).body());
        if (answer.isNull()) {
            return Optional.empty();
        }
        if (!(answer instanceof ObjectNode deployment) || !deployment.path("ID").isTextual()) {
            throw new NomadException(call, new NomadError.BadAnswer("Nomad answered a deployment that is not an object with an ID"));
        }
        return Optional.of(deployment);
    }

    /**
     * {@code GET /v1/deployment/allocations/:id}: the deployment's allocation stubs with their task states and
     * deployment health. Nomad answers an empty list, not a 404, for a deployment it does not know.
     */
    public List<ObjectNode> deploymentAllocations(String namespace, String deploymentId) throws NomadException {
        NomadCall call = NomadCall.about(NomadCall.Kind.LIST_DEPLOYMENT_ALLOCATIONS, namespace, deploymentId);
        JsonNode answer = parse(call, send(call, get("/v1/deployment/allocations/" + enc(deploymentId),
                "namespace=" + enc(namespace))).body());
        if (!answer.isArray()) {
            throw new NomadException(call, new NomadError.BadAnswer("Nomad answered allocations that are not a list"));
        }
        List<ObjectNode> allocations = new ArrayList<>();
        for (JsonNode alloc : answer) {
            if (!(alloc instanceof ObjectNode object)) {
                throw new NomadException(call, new NomadError.BadAnswer("Nomad answered an allocation that is not an object"));
            }
            allocations.add(object);
        }
        return allocations;
    }

    /** {@code GET /v1/evaluation/:id}. */
    public ObjectNode readEvaluation(String namespace, String evalId) throws NomadException {
        NomadCall call = NomadCall.about(NomadCall.Kind.READ_EVALUATION, namespace, evalId);
        JsonNode answer = parse(call, send(call, get("/v1/evaluation/" + enc(evalId),
                "namespace=" + enc(namespace))).body());
        if (!(answer instanceof ObjectNode eval) || !eval.path("ID").asText().equals(evalId)) {
            throw new NomadException(call, new NomadError.BadAnswer("Nomad's answer is not evaluation " + evalId));
        }
        return eval;
    }

    /**
     * {@code POST /v1/job/:id/revert}: registers a copy of version {@code toVersion} as a new version, only if the
     * job is still at version {@code enforcePriorVersion} (Nomad then also enforces the job's modify index). A job
     * that moved on is {@link NomadError.Conflict}; a missing job or version {@link NomadError.NotFound}.
     */
    public RegisterResult revertJob(String namespace, String jobId, long toVersion, long enforcePriorVersion)
            throws NomadException {
        NomadCall call = NomadCall.about(NomadCall.Kind.REVERT_JOB, namespace, jobId);
        ObjectNode body = json.createObjectNode().put("JobID", jobId).put("JobVersion", toVersion)
                .put("EnforcePriorVersion", enforcePriorVersion);
        JsonNode answer = parse(call, send(call, post("/v1/job/" + enc(jobId) + "/revert", namespace, body)).body());
        return new RegisterResult(answer.path("EvalID").asText(""), answer.path("JobModifyIndex").asLong(),
                answer.path("Warnings").asText(""));
    }

    /**
     * {@code PUT /v1/job/:id/versions/:name/tag} (Nomad 1.9+): names version {@code version} of the job. A name
     * on another version is {@link NomadError.Rejected}, a missing version {@link NomadError.NotFound}. A Nomad
     * before 1.9 has no such endpoint: it takes the path for a register of job {@code <id>/versions/<name>/tag}
     * and answers 400 for the missing job; the tag endpoint itself answers 400 only for a body it cannot
     * decode, which this one never is, so that 400 is {@link NomadError.Unsupported}.
     */
    public void tagVersion(String namespace, String jobId, long version, String name, String description)
            throws NomadException {
        NomadCall call = NomadCall.about(NomadCall.Kind.TAG_JOB_VERSION, namespace, jobId);
        ObjectNode body = json.createObjectNode().put("Version", version).put("Description", description);
        HttpRequest request = post("/v1/job/" + enc(jobId) + "/versions/" + enc(name) + "/tag", namespace, body);
        send(call, request, (status, text) -> status == 400
                ? new NomadError.Unsupported("this Nomad has no job version tags (Nomad 1.9 added them): HTTP 400: "
                + text.strip())
                : NomadErrors.classify(status, text));
    }

    /** A blocking query may be held for wait plus up to wait/16 of jitter before Nomad answers. */
    private void holdFor(HttpRequest.Builder request, Duration wait) {
        if (!connection.timeout().isZero()) {
            request.timeout(connection.timeout().plus(wait).plus(wait.dividedBy(16)));
        }
    }

    private static long index(HttpResponse<String> response) {
        return response.headers().firstValue("X-Nomad-Index").map(NomadClient::parseIndex).orElse(0L);
    }

    private HttpRequest post(String path, String namespace, ObjectNode body) throws NomadException {
        try {
            return request(path, "namespace=" + enc(namespace)).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofByteArray(json.writeValueAsBytes(body))).build();
        } catch (IOException e) {
            throw new IllegalStateException("cannot encode a request body", e);
        }
    }

    private HttpRequest get(String path, String query) {
        return request(path, query).GET().build();
    }

    private HttpRequest.Builder request(String path, String query) {
        String fullQuery = query;
        if (connection.region().isPresent()) {
            fullQuery = (fullQuery.isEmpty() ? "" : fullQuery + "&") + "region=" + enc(connection.region().get());
        }
        URI base = connection.address();
        String basePath = base.getRawPath() == null ? "" : base.getRawPath().replaceAll("/+$", "");
        URI uri = URI.create(base.getScheme() + "://" + base.getRawAuthority() + basePath + path
                + (fullQuery.isEmpty() ? "" : "?" + fullQuery));
        HttpRequest.Builder builder = HttpRequest.newBuilder(uri).header("Accept", "application/json");
        if (!connection.timeout().isZero()) {
            builder.timeout(connection.timeout());
        }
        token.current().ifPresent(secret -> builder.header("X-Nomad-Token", secret));
        return builder;
    }

    private HttpResponse<String> send(NomadCall call, HttpRequest request) throws NomadException {
        return send(call, request, NomadErrors::classify);
    }

    /** {@code classify} turns a non-2xx status and body into the error, for a call whose statuses mean more. */
    private HttpResponse<String> send(NomadCall call, HttpRequest request,
                                      java.util.function.BiFunction<Integer, String, NomadError> classify)
            throws NomadException {
        HttpResponse<String> response = null;
        long started = System.nanoTime();
        try {
            response = http().send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new NomadException(call, unavailable(e));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new NomadException(call, new NomadError.Unavailable("interrupted"));
        } finally {
            observer.requested(call.kind(), response == null ? 0 : response.statusCode(),
                    Duration.ofNanos(System.nanoTime() - started));
        }
        if (response.statusCode() / 100 != 2) {
            throw new NomadException(call, classify.apply(response.statusCode(), response.body()));
        }
        return response;
    }

    private NomadError unavailable(IOException e) {
        if (e instanceof HttpTimeoutException) {
            return new NomadError.Unavailable("Nomad at " + connection.address() + " did not answer within "
                    + connection.timeout());
        }
        if (e instanceof ConnectException) {
            return new NomadError.Unavailable("Nomad at " + connection.address() + " is unreachable (" + describe(e) + ")");
        }
        // Trust problems stay transient: the push is kept until the operator fixes the files and restarts.
        Optional<String> tls = connection.tls().flatMap(setup -> TlsFailures.explain(e, connection.address(), setup.setup()));
        return new NomadError.Unavailable(tls.orElseGet(() ->
                "I/O error talking to Nomad at " + connection.address() + ": " + describe(e)));
    }

    private JsonNode parse(NomadCall call, String body) throws NomadException {
        try {
            return json.readTree(body);
        } catch (IOException e) {
            throw new NomadException(call, new NomadError.Unavailable("Nomad answered invalid JSON: " + e.getMessage()));
        }
    }

    private static String describe(Throwable e) {
        StringBuilder text = new StringBuilder(e.getClass().getSimpleName());
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause.getMessage() != null) {
                text.append(": ").append(cause.getMessage());
                break;
            }
        }
        return text.toString();
    }

    private static String enc(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }

}

package dev.nomaddeployer.testbed.nomad.http;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import dev.nomaddeployer.testbed.nomad.Acl;
import dev.nomaddeployer.testbed.nomad.NomadVersion;
import dev.nomaddeployer.testbed.nomad.PlacementRule;
import dev.nomaddeployer.testbed.nomad.Registration;
import dev.nomaddeployer.testbed.nomad.state.Answer;
import dev.nomaddeployer.testbed.nomad.state.ClusterState;
import dev.nomaddeployer.testbed.nomad.state.DeploymentActions;
import dev.nomaddeployer.testbed.nomad.state.Deregistrar;
import dev.nomaddeployer.testbed.nomad.state.JobList;
import dev.nomaddeployer.testbed.nomad.state.JobPlanner;
import dev.nomaddeployer.testbed.nomad.state.JobReads;
import dev.nomaddeployer.testbed.nomad.state.JobReverter;
import dev.nomaddeployer.testbed.nomad.state.JobVersionTags;
import dev.nomaddeployer.testbed.nomad.state.NomadError;
import dev.nomaddeployer.testbed.nomad.state.Registrar;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Maps method and path to an endpoint (nomad-api.md#routing-errors, #job-path-suffixes, #put-post) and wraps
 * reads in blocking queries.
 */
public final class Routes {
    /** nomad-api.md#job-path-suffixes: `/v1/job/<rest>` is split by these suffixes of the decoded path, longest first. */
    private static final List<String> JOB_SUFFIXES = List.of("/periodic/force", "/versions", "/deployments",
            "/deployment", "/evaluations", "/allocations", "/summary", "/plan", "/evaluate", "/scale", "/stable",
            "/revert", "/dispatch", "/services", "/submission", "/actions", "/action", "/tag");

    /** command/agent/deployment_endpoint.go, DeploymentSpecificRequest: `/v1/deployment/<action>/<id>` by prefix. */
    private static final List<String> DEPLOYMENT_ACTIONS = List.of("allocations/", "fail/", "pause/", "promote/",
            "allocation-health/", "unblock/");

    private final ClusterState state;
    private final Acl acl;
    private final Registrar registrar;
    private final Deregistrar deregistrar;
    private final JobReads reads;
    private final JobList list;
    private final EventStream events;
    private final AgentInfo agent;
    private final Consumer<Registration> onRegistered;
    private final JobPlanner planner;
    private final JobReverter reverter;
    private final DeploymentActions deploymentActions;
    private final JobVersionTags tags;
    private final NomadVersion version;

    public Routes(ClusterState state, Acl acl, Registrar registrar, Deregistrar deregistrar, JobReads reads,
                  EventStream events, AgentInfo agent, Consumer<Registration> onRegistered,
                  DeploymentActions deploymentActions, NomadVersion version, Supplier<PlacementRule> placement) {
        this.state = state;
        this.acl = acl;
        this.registrar = registrar;
        this.deregistrar = deregistrar;
        this.reads = reads;
        this.list = new JobList(state);
        this.events = events;
        this.agent = agent;
        this.onRegistered = onRegistered;
        this.planner = new JobPlanner(state, acl, placement);
        this.reverter = new JobReverter(state, acl, registrar);
        this.deploymentActions = deploymentActions;
        this.tags = new JobVersionTags(state);
        this.version = version;
    }

    /** The endpoint {@code path} is routed to, with job, deployment and evaluation ids written {@code :id}. */
    static String endpoint(String path) {
        if (path.startsWith("/v1/job/")) {
            String rest = path.substring("/v1/job/".length());
            return "/v1/job/:id" + JOB_SUFFIXES.stream().filter(rest::endsWith).findFirst().orElse("");
        }
        if (path.startsWith("/v1/deployment/")) {
            String rest = path.substring("/v1/deployment/".length());
            return DEPLOYMENT_ACTIONS.stream().filter(rest::startsWith).findFirst()
                    .map(a -> "/v1/deployment/" + a + ":id").orElse("/v1/deployment/:id");
        }
        if (path.startsWith("/v1/evaluation/")) {
            return "/v1/evaluation/:id";
        }
        return path;
    }

    /** Returns the answer, or null when the endpoint already streamed its own response. */
    Reply handle(HttpExchange exchange, byte[] body) throws IOException {
        String method = exchange.getRequestMethod();
        String path = exchange.getRequestURI().getPath();
        Query q = Query.parse(exchange.getRequestURI().getRawQuery());
        Headers headers = exchange.getRequestHeaders();
        if (path.equals("/v1/jobs")) {
            if (isWrite(method)) {
                return register(body, null, q, headers);
            }
            requireGet(method);
            return read(q, headers, (o, token) -> list.list(JobList.request(o.namespace(), q.getOr("prefix", ""),
                    q.get("meta"), o.filter(), new JobList.Page(o.perPage(), o.nextToken(), o.reverse()), token)));
        }
        if (path.startsWith("/v1/job/")) {
            return job(method, path.substring("/v1/job/".length()), q, headers, body);
        }
        if (path.startsWith("/v1/deployment/")) {
            return deployment(method, path.substring("/v1/deployment/".length()), q, headers, body);
        }
        if (path.startsWith("/v1/evaluation/")) {
            requireGet(method);
            String id = path.substring("/v1/evaluation/".length());
            return read(q, headers, (o, token) -> reads.evaluation(id, o.namespace(), token));
        }
        if (path.equals("/v1/status/leader")) {
            requireGet(method);
            return Reply.json(TextNode.valueOf(AgentInfo.LEADER), pretty(q), Map.of());
        }
        if (path.equals("/v1/agent/self")) {
            requireGet(method);
            Acl.Token token = authenticate(headers);
            if (!token.allowsAnywhere(Acl.AGENT_READ)) {
                throw NomadError.permissionDenied();
            }
            return Reply.json(agent.self(), pretty(q), Map.of());
        }
        if (path.equals("/v1/event/stream")) {
            requireGet(method);
            long from = EventStream.startIndex(q);
            Registrar.requireRegion(q.getOr("region", ""));
            Acl.Token token = authenticate(headers);
            events.serve(exchange, from, q, token);
            return null;
        }
        return Reply.emptyNotFound();
    }

    private Reply deployment(String method, String rest, Query q, Headers headers, byte[] body) {
        if (rest.startsWith("allocations/")) {
            requireGet(method);
            String id = rest.substring("allocations/".length());
            return read(q, headers, (o, token) -> deploymentActions.allocations(id, o.namespace(), token));
        }
        if (rest.startsWith("promote/") || rest.startsWith("fail/")) {
            requireWrite(method);
            boolean promote = rest.startsWith("promote/");
            String id = rest.substring(rest.indexOf('/') + 1);
            Registrar.requireRegion(q.getOr("region", ""));
            Acl.Token token = authenticate(headers);
            DeploymentActions.Result result = promote ? deploymentActions.promote(body, id, token)
                    : deploymentActions.fail(id, token);
            // setIndex only: a write answers X-Nomad-Index and nothing else of the query meta
            return Reply.json(result.response(), pretty(q), Map.of("X-Nomad-Index", Long.toString(result.index())));
        }
        if (DEPLOYMENT_ACTIONS.stream().anyMatch(rest::startsWith)) {
            return Reply.text(501, "nomad-sim does not simulate /v1/deployment/" + rest.substring(0, rest.indexOf('/')),
                    Map.of());
        }
        requireGet(method);
        return read(q, headers, (o, token) -> reads.deployment(rest, o.namespace(), token));
    }

    private Reply job(String method, String rest, Query q, Headers headers, byte[] body) {
        String suffix = JOB_SUFFIXES.stream().filter(rest::endsWith)
                // before 1.9 the agent had no /tag case: such a path is a job CRUD request for the whole rest
                .filter(s -> version.hasVersionTags() || !s.equals("/tag")).findFirst().orElse("");
        String id = rest.substring(0, rest.length() - suffix.length());
        String namespace = q.getOr("namespace", "default");
        boolean all = q.flag("all");
        switch (suffix) {
            case "":
                if (isWrite(method)) {
                    return register(body, id, q, headers);
                }
                if (method.equals("DELETE")) {
                    return deregister(id, q, headers);
                }
                requireGet(method);
                return readJob(q, headers, () -> reads.job(namespace, id));
            case "/versions": // the agent does not check the method here (nomad-api.md#routing-errors)
                return readJob(q, headers, () -> reads.versions(namespace, id, q.flag("diffs"), q.get("diff_version"),
                        q.get("diff_tag")));
            case "/summary":
                requireGet(method);
                return readJob(q, headers, () -> reads.summary(namespace, id));
            case "/deployments":
                requireGet(method);
                return readJob(q, headers, () -> reads.deployments(namespace, id, all));
            case "/deployment":
                requireGet(method);
                return readJob(q, headers, () -> reads.latestDeployment(namespace, id));
            case "/evaluations":
                requireGet(method);
                return readJob(q, headers, () -> reads.evaluations(namespace, id));
            case "/plan": {
                requireWrite(method);
                JobPlanner.Result plan = planner.plan(body, id, q.get("namespace"), q.get("region"), token(headers));
                return Reply.json(plan.response(), pretty(q), Map.of("X-Nomad-Index", Long.toString(plan.index())));
            }
            case "/revert": {
                requireWrite(method);
                Registrar.Result revert = reverter.revert(body, id, q.get("namespace"), q.get("region"),
                        token(headers));
                // nomad-api.md#job-revert: setMeta copies the register reply's meta, whose KnownLeader a write never sets
                return Reply.json(revert.response(), pretty(q), Map.of("X-Nomad-Index", Long.toString(revert.index()),
                        "X-Nomad-KnownLeader", "false", "X-Nomad-LastContact", "0"));
            }
            case "/tag":
                return tag(method, rest, q, headers, body);
            default:
                return Reply.text(501, "nomad-sim does not simulate " + suffix, Map.of());
        }
    }

    /** jobTagVersion: `<job>/<any>/<name>/tag` split on "/" must give 4 parts; PUT/POST tag, DELETE untags. */
    private Reply tag(String method, String rest, Query q, Headers headers, byte[] body) {
        String[] parts = rest.split("/", -1);
        if (parts.length != 4) {
            throw NomadError.notFound("invalid job tag endpoint");
        }
        boolean write = isWrite(method);
        if (!write && !method.equals("DELETE")) {
            throw NomadError.invalidMethod();
        }
        String namespace = q.getOr("namespace", "default");
        Registrar.requireRegion(q.getOr("region", ""));
        Acl.Token token = authenticate(headers);
        JobVersionTags.Result result = write ? tags.tag(namespace, parts[0], parts[2], body, token)
                : tags.untag(namespace, parts[0], parts[2], token);
        // the handler returns the reply without setMeta/setIndex: no index headers
        return Reply.json(result.response(), pretty(q), Map.of());
    }

    private Reply readJob(Query q, Headers headers, java.util.function.Supplier<Answer> answer) {
        return read(q, headers, (o, token) -> {
            JobReads.requireRead(token, o.namespace());
            return answer.get();
        });
    }

    private Reply read(Query q, Headers headers, java.util.function.BiFunction<QueryOptions, Acl.Token,
            Answer> endpoint) {
        QueryOptions options = QueryOptions.parse(q);
        Acl.Token token = authenticate(headers);
        Function<Answer, Reply> toReply = answer -> {
            Map<String, String> meta = new LinkedHashMap<>();
            meta.put("X-Nomad-Index", Long.toString(answer.index()));
            meta.put("X-Nomad-KnownLeader", "true");
            meta.put("X-Nomad-LastContact", "0");
            if (answer.nextToken() != null) {
                meta.put("X-Nomad-NextToken", answer.nextToken());
            }
            return answer.error() != null ? Reply.text(answer.error().status(), answer.error().getMessage(), meta)
                    : Reply.json(answer.body(), pretty(q), meta);
        };
        // endpoint-specific checks (ACL, filter syntax) fail before blocking starts
        Answer first = endpoint.apply(options, token);
        if (options.minIndex() == 0 || first.index() > options.minIndex()) {
            return toReply.apply(first);
        }
        return toReply.apply(Blocking.run(state, options, () -> endpoint.apply(options, token)));
    }

    private Reply register(byte[] body, String pathId, Query q, Headers headers) {
        Registrar.Result result = registrar.register(Registrar.Call.fromBody(body, pathId, q.get("namespace"),
                q.get("region"), token(headers)));
        onRegistered.accept(result.registration());
        return Reply.json(result.response(), pretty(q), Map.of("X-Nomad-Index", Long.toString(result.index())));
    }

    private Reply deregister(String id, Query q, Headers headers) {
        Registrar.requireRegion(q.getOr("region", ""));
        String namespace = q.getOr("namespace", "default");
        Acl.Token token = authenticate(headers);
        if (!token.allows(namespace, Acl.SUBMIT_JOB)) {
            throw NomadError.permissionDenied();
        }
        ObjectNode response = deregistrar.deregister(namespace, id, q.flag("purge"));
        return Reply.json(response, pretty(q), Map.of("X-Nomad-Index", response.get("Index").asText()));
    }

    /** nomad-api.md#put-post: the agent treats PUT and POST alike. */
    private static boolean isWrite(String method) {
        return method.equals("PUT") || method.equals("POST");
    }

    private static void requireWrite(String method) {
        if (!isWrite(method)) {
            throw NomadError.invalidMethod();
        }
    }

    private static void requireGet(String method) {
        if (!method.equals("GET")) {
            throw NomadError.invalidMethod();
        }
    }

    private static boolean pretty(Query q) {
        return q.has("pretty") && !"0".equals(q.get("pretty"));
    }

    /** nomad-api.md#acl-denied: with ACLs on, every authentication failure is the same 403. */
    private Acl.Token authenticate(Headers headers) {
        return acl.resolve(token(headers)).orElseThrow(NomadError::permissionDenied);
    }

    /** nomad-api.md#token: X-Nomad-Token wins, else `Authorization: Bearer`. */
    static String token(Headers headers) {
        String header = headers.getFirst("X-Nomad-Token");
        if (header != null && !header.trim().isEmpty()) {
            return header.trim();
        }
        String auth = headers.getFirst("Authorization");
        if (auth != null) {
            String[] words = auth.trim().split("\\s+");
            if (words.length >= 2 && words[0].equalsIgnoreCase("Bearer")) {
                return words[1];
            }
        }
        return null;
    }
}

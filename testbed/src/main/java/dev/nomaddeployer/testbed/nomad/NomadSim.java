package dev.nomaddeployer.testbed.nomad;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.nomaddeployer.testbed.nomad.http.AgentInfo;
import dev.nomaddeployer.testbed.nomad.http.EventStream;
import dev.nomaddeployer.testbed.nomad.http.HttpFront;
import dev.nomaddeployer.testbed.nomad.http.Routes;
import dev.nomaddeployer.testbed.nomad.state.ClusterState;
import dev.nomaddeployer.testbed.nomad.state.DeploymentActions;
import dev.nomaddeployer.testbed.nomad.state.Deregistrar;
import dev.nomaddeployer.testbed.nomad.state.JobReads;
import dev.nomaddeployer.testbed.nomad.state.JobWrites;
import dev.nomaddeployer.testbed.nomad.state.Registrar;
import dev.nomaddeployer.testbed.nomad.state.Scheduler;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import javax.net.ssl.SSLContext;

/**
 * An in-process Nomad HTTP API (see docs/testbed-nomad-sim.md): jobs, versions, evaluations,
 * deployments, blocking queries, ACLs, the event stream and fault injection, on 127.0.0.1.
 */
public final class NomadSim implements AutoCloseable {
    static {
        // Real Nomad (Go) sets TCP_NODELAY on every connection. The JDK HttpServer leaves Nagle on unless told,
        // and then each answer to a JDK HttpClient waits ~40 ms for a delayed ACK: latency real clusters don't
        // have. The property is read once, when the server classes load, so it must be set before that.
        if (System.getProperty("sun.net.httpserver.nodelay") == null) {
            System.setProperty("sun.net.httpserver.nodelay", "true");
        }
    }

    private final ClusterState state = new ClusterState(6);
    private final Acl acl;
    private final FaultInjector faults = new FaultInjector();
    private final Scheduler scheduler;
    private final Registrar registrar;
    private final JobReads reads = new JobReads(state);
    private final HttpFront front;
    private final List<RecordedRequest> requests = new CopyOnWriteArrayList<>();
    private final List<Registration> registrations = new CopyOnWriteArrayList<>();
    private final int requestedPort;
    private volatile Duration heartbeat;
    private volatile PlacementRule placement = PlacementRule.fitsAll();

    private NomadSim(Builder b) {
        this.acl = new Acl(b.managementToken);
        this.heartbeat = b.heartbeat;
        this.requestedPort = b.port;
        JobWrites writes = new JobWrites(state);
        this.scheduler = new Scheduler(state, writes, b.stepDelay);
        this.registrar = new Registrar(state, writes, acl, b.version, faults::takeRegisterHook);
        EventStream events = new EventStream(state, () -> heartbeat, b.version);
        AgentInfo agent = new AgentInfo(b.version, acl.enabled(), this::port);
        Routes routes = new Routes(state, acl, registrar, new Deregistrar(state, writes), reads, events, agent,
                registrations::add, new DeploymentActions(state, writes), b.version, () -> placement);
        HttpFront.Faults plan = new HttpFront.Faults() {
            @Override
            public Duration latency() {
                return faults.latency();
            }

            @Override
            public HttpFront.Fault next(String method, String path) {
                return faults.next(path);
            }

            @Override
            public boolean loseAnswer(String method, String path, String rawQuery) {
                return faults.loseAnswer(method, path, rawQuery);
            }
        };
        this.front = new HttpFront(routes, plan, requests, b.tls, b.requireClientCert);
    }

    public static Builder builder() {
        return new Builder();
    }

    public NomadSim start() {
        front.start(requestedPort);
        return this;
    }

    public URI baseUrl() {
        return URI.create((front.https() ? "https" : "http") + "://127.0.0.1:" + front.port());
    }

    public int port() {
        return front.port();
    }

    public Acl acl() {
        return acl;
    }

    public FaultInjector faults() {
        return faults;
    }

    public NomadSim createNamespace(String name) {
        state.addNamespace(name);
        return this;
    }

    /** Registers a job as `GET /v1/job/:id` or `nomad job run -output` shows it; returns the stored copy. */
    public ObjectNode registerJob(ObjectNode job) {
        ObjectNode unwrapped = job.size() == 1 && job.get("Job") instanceof ObjectNode inner ? inner : job;
        String token = acl.enabled() ? acl.managementSecret() : null;
        registrar.register(Registrar.Call.direct(unwrapped, token));
        String namespace = unwrapped.path("Namespace").asText("");
        return job(namespace.isEmpty() ? "default" : namespace, unwrapped.get("ID").asText()).orElseThrow();
    }

    public Optional<ObjectNode> job(String namespace, String id) {
        return reads.storedJob(namespace, id);
    }

    /** Stored versions, newest first. */
    public List<ObjectNode> versions(String namespace, String id) {
        return reads.storedVersions(namespace, id);
    }

    /** Deployments of the job, oldest first. */
    public List<ObjectNode> deployments(String namespace, String id) {
        return reads.storedDeployments(namespace, id);
    }

    /** An operator's change through another client: a new version, eval and deployment like a register. */
    public ObjectNode editJob(String namespace, String id, Consumer<ObjectNode> change) {
        return registrar.edit(namespace, id, change);
    }

    /** Waits until the scheduler has nothing left to do (deployments settled, or left running by the rule). */
    public NomadSim awaitIdle(Duration timeout) {
        try {
            if (!scheduler.awaitIdle(timeout)) {
                throw new IllegalStateException("nomad-sim scheduler still busy after " + timeout);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the nomad-sim scheduler", e);
        }
        return this;
    }

    public NomadSim deploymentRule(DeploymentRule rule) {
        scheduler.rule(rule);
        return this;
    }

    /** Which placements a plan reports as failed (`FailedTGAllocs`); {@link PlacementRule#fitsAll()} lifts it. */
    public NomadSim placementRule(PlacementRule rule) {
        this.placement = rule;
        return this;
    }

    public NomadSim heartbeatInterval(Duration interval) {
        this.heartbeat = interval;
        return this;
    }

    /** Closes the port (connections refused) and ends open event streams; state is kept. */
    public NomadSim down() {
        front.stop();
        state.closeStreams();
        return this;
    }

    /**
     * Ends every open event stream while the port stays open. With {@code forgetBuffer} the buffered events go too,
     * as when Nomad restores a snapshot; without, as when the connection is cut on the way (a proxy, a network).
     */
    public NomadSim dropEventStreams(boolean forgetBuffer) {
        if (forgetBuffer) {
            state.replaceEventBroker();
        } else {
            state.closeStreams();
        }
        return this;
    }

    /** Listens again on the same port. */
    public NomadSim up() {
        front.start(front.port());
        return this;
    }

    public void stop() {
        front.shutdown();
        state.closeStreams();
        scheduler.shutdown();
    }

    @Override
    public void close() {
        stop();
    }

    public List<RecordedRequest> requests() {
        return List.copyOf(requests);
    }

    /** Every register accepted through the HTTP API (the direct {@link #registerJob} is not recorded). */
    public List<Registration> registrations() {
        return List.copyOf(registrations);
    }

    public long index() {
        return state.index();
    }

    public NomadSim resetRecords() {
        requests.clear();
        registrations.clear();
        return this;
    }

    /** Loads `--jobs`: a JSON array of jobs shaped like `GET /v1/job/:id`. */
    public NomadSim loadJobs(JsonNode jobs) {
        if (!jobs.isArray()) {
            throw new IllegalArgumentException("jobs file must hold a JSON array of jobs, got " + jobs.getNodeType());
        }
        for (JsonNode job : jobs) {
            String namespace = job.path("Namespace").asText("");
            if (!namespace.isEmpty()) {
                createNamespace(namespace);
            }
            registerJob((ObjectNode) job);
        }
        return this;
    }

    public static final class Builder {
        private int port;
        private String managementToken;
        private NomadVersion version = NomadVersion.V1_10;
        private Duration stepDelay = Duration.ofMillis(5);
        private Duration heartbeat = Duration.ofSeconds(30);
        private SSLContext tls;
        private boolean requireClientCert;

        private Builder() {
        }

        /** 0 (default) picks a free port. */
        public Builder port(int port) {
            this.port = port;
            return this;
        }

        /** Turns ACLs on with this secret as the management token. */
        public Builder managementToken(String secret) {
            this.managementToken = secret;
            return this;
        }

        public Builder nomadVersion(NomadVersion version) {
            this.version = version;
            return this;
        }

        public Builder schedulerStepDelay(Duration delay) {
            this.stepDelay = delay;
            return this;
        }

        public Builder heartbeatInterval(Duration interval) {
            this.heartbeat = interval;
            return this;
        }

        public Builder tls(SSLContext serverContext, boolean requireClientCert) {
            this.tls = serverContext;
            this.requireClientCert = requireClientCert;
            return this;
        }

        public NomadSim build() {
            return new NomadSim(this);
        }
    }
}

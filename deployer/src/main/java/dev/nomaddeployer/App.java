package dev.nomaddeployer;

import dev.nomaddeployer.config.CertificateFiles;
import dev.nomaddeployer.config.FailureAction;
import dev.nomaddeployer.config.GoDuration;
import dev.nomaddeployer.config.NomadSettings;
import dev.nomaddeployer.config.NotifySettings;
import dev.nomaddeployer.config.Settings;
import dev.nomaddeployer.deploy.Backoff;
import dev.nomaddeployer.deploy.Cooldowns;
import dev.nomaddeployer.deploy.Dispatcher;
import dev.nomaddeployer.deploy.Expander;
import dev.nomaddeployer.deploy.JobRedeployer;
import dev.nomaddeployer.deploy.Planner;
import dev.nomaddeployer.deploy.PreRegister;
import dev.nomaddeployer.discovery.JobIndex;
import dev.nomaddeployer.discovery.LiveJobIndex;
import dev.nomaddeployer.http.JobActions;
import dev.nomaddeployer.http.OperatorToken;
import dev.nomaddeployer.http.Readiness;
import dev.nomaddeployer.http.WebServer;
import dev.nomaddeployer.image.RegistryHosts;
import dev.nomaddeployer.leadership.LeaderElector;
import dev.nomaddeployer.metrics.DeployerMetrics;
import dev.nomaddeployer.nomad.NomadClient;
import dev.nomaddeployer.nomad.NomadConnection;
import dev.nomaddeployer.nomad.NomadTls;
import dev.nomaddeployer.nomad.TlsContexts;
import dev.nomaddeployer.notify.Notifier;
import dev.nomaddeployer.notify.Sink;
import dev.nomaddeployer.poll.TagPoll;
import dev.nomaddeployer.registryapi.Registries;
import dev.nomaddeployer.rollout.RolloutFollower;
import dev.nomaddeployer.store.Database;
import dev.nomaddeployer.store.JdbcHistory;
import dev.nomaddeployer.store.JdbcInbox;
import dev.nomaddeployer.store.JdbcKnownJobs;
import dev.nomaddeployer.store.JdbcLeases;
import dev.nomaddeployer.store.JdbcNoticeOutbox;
import dev.nomaddeployer.store.JdbcRestraints;
import dev.nomaddeployer.store.JdbcRollouts;
import dev.nomaddeployer.store.JdbcTargetQueue;
import dev.nomaddeployer.ui.UiHandler;
import dev.nomaddeployer.ui.UiSources;
import dev.nomaddeployer.webhook.MissingDigests;
import dev.nomaddeployer.webhook.SenderCallbacks;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Wires the service together and owns its lifecycle: start, then a graceful stop. */
public final class App implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(App.class);

    private final Settings settings;
    private final Database database;
    private final Dispatcher dispatcher;
    private final RolloutFollower follower;
    private final WebServer web;
    private final LiveJobIndex index;
    private final LeaderElector elector;
    private final DeployerMetrics metrics;
    /** Null when no notification sink is configured. */
    private final Notifier notifier;
    private final TagPoll poll;
    private boolean stopped;

    private App(Settings settings, Database database, Dispatcher dispatcher, RolloutFollower follower, WebServer web,
                LiveJobIndex index, LeaderElector elector, DeployerMetrics metrics, Notifier notifier, TagPoll poll) {
        this.settings = settings;
        this.follower = follower;
        this.elector = elector;
        this.database = database;
        this.dispatcher = dispatcher;
        this.web = web;
        this.index = index;
        this.metrics = metrics;
        this.notifier = notifier;
        this.poll = poll;
    }

    /** Builds and starts everything; on failure, whatever was started is stopped again. */
    public static App start(Settings settings, Clock clock) throws Exception {
        DeployerMetrics metrics = DeployerMetrics.withJvm();
        NomadClient nomad = new NomadClient(connection(settings.nomad()), metrics::nomadRequest);
        RegistryHosts hosts = new RegistryHosts(settings.registry().hosts());
        Database database;
        try {
            database = Database.open(settings.store());
        } catch (RuntimeException | Error e) {
            metrics.close();
            throw e;
        }
        database.timeCommitsWith(metrics::storeCommit);
        try {
            JdbcInbox inbox = new JdbcInbox(database);
            // one reader per registry for the whole service: its rate_limit and back-off count every caller
            Registries registries = new Registries(settings.registry().endpoints(), hosts,
                    settings.registry().timeout(), clock, metrics::registryRequest);
            JdbcTargetQueue queue = new JdbcTargetQueue(database);
            JdbcHistory history = new JdbcHistory(database);
            LiveJobIndex index = new LiveJobIndex(nomad, hosts, new JdbcKnownJobs(database),
                    new LiveJobIndex.Options(settings.nomad().namespace(), settings.discovery().readConcurrency(),
                            settings.discovery().readRate(), settings.discovery().refresh()));
            Planner planner = new Planner(hosts);
            JdbcRestraints restraints = new JdbcRestraints(database);
            JdbcRollouts rollouts = new JdbcRollouts(database);
            JdbcLeases leases = new JdbcLeases(database);
            LeaderElector elector = new LeaderElector(leases, settings.ha().replica(), settings.ha().failover(), clock);
            Dispatcher dispatcher = new Dispatcher(inbox, queue, history, database, index,
                    new Expander(index, planner, new Cooldowns(hosts, GoDuration::parse, GoDuration.ACCEPTED),
                            settings.jobs()),
                    new JobRedeployer(nomad, planner, settings.deploy().conflictRetries(), index,
                            registries,
                            new PreRegister(nomad, settings.deploy().preflight(), settings.deploy().dryRun())),
                    elector,
                    new Dispatcher.Options(settings.deploy().concurrency(),
                            new Backoff(settings.deploy().retryInitial(), settings.deploy().retryMax()),
                            retention(settings), settings.deploy().windows()),
                    clock);
            RolloutFollower follower = new RolloutFollower(nomad, rollouts, restraints, elector,
                    new RolloutFollower.Options(settings.deploy().onFailure() == FailureAction.REVERT,
                            settings.deploy().pauseOnManualChange(), settings.deploy().rolloutRecheck(),
                            settings.discovery().refresh(),
                            new Backoff(settings.deploy().retryInitial(), settings.deploy().retryMax())),
                    clock, () -> index.source() == JobIndex.Source.STREAM, dispatcher::applying, metrics::rolloutEnded);
            metrics.watchRollouts(rollouts, restraints);
            index.onChange(follower);
            metrics.watchQueue(inbox, queue, clock);
            metrics.watchWindows(settings.deploy().windows(), clock);
            metrics.watchIndex(index);
            metrics.watchRegistries(registries, clock);
            metrics.countDecisions(history);
            metrics.watchLeadership(elector, leases);
            // Ready once the store can keep pushes and the index can match them; the store's problem comes first.
            Readiness readiness = () -> database.problem().or(index::notReadyBecause);
            SenderCallbacks callbacks = new SenderCallbacks(settings.registry().timeout());
            OperatorToken operator = OperatorToken.of(settings.ui().authToken());
            UiHandler ui = new UiHandler(new UiSources(history, rollouts, restraints, inbox, queue,
                    new JdbcNoticeOutbox(database), index,
                    elector::status, readiness, new JobActions(restraints, queue, dispatcher::wake, clock),
                    settings.notifications().nomadUi(), clock), operator, settings.server().maxBodyBytes(),
                    settings.server().readTimeout());
            WebServer web = new WebServer(WebServer.Options.of(settings.server(), settings.registry().auth()),
                    inbox, new WebServer.Webhooks(settings.registry().webhookSecrets(), new MissingDigests(registries),
                            callbacks), history, restraints, queue, settings.deploy().windows(), rollouts, readiness, dispatcher::wake,
                    clock, metrics, elector::status, database.dialect().label(),
                    new WebServer.Ui(ui, operator, ui::close));
            Notifier notifier = notifier(settings, database, elector, metrics, clock);
            TagPoll poll = tagPoll(settings, registries, hosts, index, inbox, elector, dispatcher, metrics, clock);
            App app = new App(settings, database, dispatcher, follower, web, index, elector, metrics, notifier, poll);
            // The listener opens first: pushes are stored while the index reads, and expanded once it is warm.
            // Starting the index's reads and the dispatcher after it keeps them from competing with its start.
            index.onWarm(dispatcher::wake);
            elector.onAcquired(fence -> dispatcher.wake());
            if (poll != null) {
                // What notifications lost while no replica led (or none ran) is looked for at once, not an interval on.
                index.onWarm(poll::wake);
                elector.onAcquired(fence -> poll.wake());
            }
            web.start();
            try {
                index.start();
                // before the dispatcher: its sinks are subscribed in the store before any notice is stored
                if (notifier != null) {
                    notifier.start();
                }
                dispatcher.start();
                follower.start();
                if (poll != null) {
                    poll.start();
                }
                elector.start();
            } catch (Exception | Error e) {
                if (notifier != null) {
                    notifier.stop(Duration.ZERO);
                }
                dispatcher.stop(Duration.ZERO);
                follower.close();
                if (poll != null) {
                    poll.close();
                }
                elector.close();
                index.close();
                try {
                    web.close(Duration.ZERO);
                } catch (Exception closing) {
                    e.addSuppressed(closing);
                }
                throw e;
            }
            LOG.info("event=started listen={} nomad={} namespace={} store={} jobs_known={} replica={}",
                    app.address(), nomad.address(), settings.nomad().namespace(), database.location(), index.size(),
                    settings.ha().replica());
            return app;
        } catch (Exception | Error e) {
            database.close();
            metrics.close();
            throw e;
        }
    }

    /** The reconciliation poll, when {@code poll.interval} is set and {@code registries} lists a registry to poll. */
    private static TagPoll tagPoll(Settings settings, Registries registries, RegistryHosts hosts, LiveJobIndex index,
                                   JdbcInbox inbox, LeaderElector elector, Dispatcher dispatcher, DeployerMetrics metrics,
                                   Clock clock) {
        Duration interval = settings.registry().pollInterval();
        if (interval.isZero() || registries.readers().isEmpty()) {
            return null;
        }
        return new TagPoll(registries.readers(), hosts, index, inbox, elector, interval, dispatcher::wake, metrics,
                clock);
    }

    /** The notifier when any sink is configured; null when none is (nothing is stored for no one). */
    private static Notifier notifier(Settings settings, Database database, LeaderElector elector,
                                     DeployerMetrics metrics, Clock clock) {
        NotifySettings notify = settings.notifications();
        JdbcNoticeOutbox outbox = new JdbcNoticeOutbox(database);
        if (notify.sinks().isEmpty()) {
            outbox.subscribe(List.of()); // sinks configured before are forgotten, so nothing is stored for them
            return null;
        }
        metrics.watchNotifications(outbox, notify.sinks().stream().map(Sink::name).toList());
        return new Notifier(outbox, notify.sinks(), elector, metrics::noticeAttempted,
                new Notifier.Options(notify.timeout(), new Backoff(notify.retryInitial(), notify.retryMax()),
                        notify.nomadUi(), retention(settings)), clock);
    }

    private static Duration retention(Settings settings) {
        return settings.historyRetention().isZero() ? Duration.ofDays(365 * 100) : settings.historyRetention();
    }

    static NomadConnection connection(NomadSettings nomad) throws TlsContexts.TlsSetupException {
        Optional<NomadTls> tls = Optional.empty();
        boolean https = "https".equalsIgnoreCase(nomad.url().getScheme());
        if (https) {
            if (nomad.tls().skipVerify()) {
                LOG.warn("event=tls_verify_disabled nomad={} detail=\"nomad.tls.skip_verify is on: Nomad's certificate"
                        + " is not checked; anyone on the path can impersonate Nomad and read the token\"", nomad.url());
            }
            tls = Optional.of(TlsContexts.create(nomad.tls().caFile(),
                    nomad.tls().clientCertificate().map(CertificateFiles::certificate),
                    nomad.tls().clientCertificate().map(CertificateFiles::privateKey),
                    nomad.tls().serverName(), nomad.tls().skipVerify()));
        }
        return new NomadConnection(nomad.url(), nomad.token(), nomad.tokenFile(), nomad.region(), nomad.timeout(), tls);
    }

    public InetSocketAddress address() {
        return web.address();
    }

    public boolean idle() {
        return dispatcher.idle();
    }

    /** The job index, for tests that wait for it or ask where its changes come from. */
    public LiveJobIndex index() {
        return index;
    }

    /**
     * Graceful stop: health turns 503 and the callback refuses new work (the registry keeps it and retries),
     * redeploys in flight get up to {@code server.shutdown.timeout}, and whatever remains stays stored.
     */
    public synchronized void stop() {
        if (stopped) {
            return;
        }
        stopped = true;
        Duration timeout = settings.server().shutdownTimeout();
        long started = System.nanoTime();
        LOG.info("event=stopping timeout={}", timeout);
        web.beginShutdown();
        boolean finished = dispatcher.stop(timeout);
        // Unfinished follow-ups stay in the store; the next start (or the next leader) resumes them.
        follower.close();
        if (poll != null) {
            // A round cut short loses nothing: what it would have found, the next start's first round finds.
            poll.close();
        }
        if (notifier != null) {
            // A send in flight gets its HTTP time-out to finish and be recorded under the lease, within the budget.
            Duration left = timeout.minusNanos(System.nanoTime() - started);
            notifier.stop(left.isNegative() ? Duration.ZERO
                    : left.compareTo(settings.notifications().timeout()) < 0 ? left : settings.notifications().timeout());
        }
        // After the dispatcher: the redeploys in flight recorded their outcomes under the lease before it is given up.
        elector.close();
        // One budget for the whole stop: the listener gets what the redeploys left of it.
        Duration left = timeout.minusNanos(System.nanoTime() - started);
        try {
            web.close(left.isNegative() ? Duration.ZERO : left);
        } catch (Exception e) {
            LOG.warn("event=listener_stop_failed reason=\"{}\"", e.toString());
        }
        index.close();
        database.close();
        metrics.close();
        LOG.info("event=stopped in_flight_finished={}", finished);
    }

    @Override
    public void close() {
        stop();
    }
}

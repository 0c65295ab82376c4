package dev.nomaddeployer.config;

import static dev.nomaddeployer.config.ValueKind.*; // the kinds are the vocabulary of this table

import dev.nomaddeployer.deploy.DeployWindows;
import dev.nomaddeployer.notify.Sink;
import dev.nomaddeployer.registryapi.RegistryEndpoint;
import dev.nomaddeployer.webhook.SenderProof;
import dev.nomaddeployer.webhook.WebhookSource;
import dev.nomaddeployer.webhook.WebhookSources;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Every key the service understands, in the order help, docs and {@code --print-config} show them: the one
 * definition that binding, validation, {@code --help}, {@code --print-config}, masking and the documentation tests
 * read. A new key is one entry here, one component in its settings record and one argument in {@link #assemble}.
 */
public final class SettingsTable {

    static final String MASK = "********";

    // filled by key(), secret() and secretFile() as the constants below are initialised, in their textual order, so
    // each key is named once; it must stay above the first of them
    private static final List<Setting<?>> ALL = new ArrayList<>();

    public static final Setting<LogLevel> LOG_LEVEL = key("log.level", oneOf(LogLevel.class, "<level>"), "info",
            "Log level: trace, debug, info, warn or error.", s -> s.log().level());
    public static final Setting<LogFormat> LOG_FORMAT = key("log.format", oneOf(LogFormat.class, "<format>"), "text",
            "Log format: text (human) or json (one object per line).", s -> s.log().format());
    public static final Setting<ListenAddress> SERVER_ADDRESS = key("server.address", ADDRESS, "0.0.0.0:8000",
            "Address the webhook/API listener binds to.", s -> s.server().address());
    public static final Setting<Duration> SERVER_TIMEOUT_READ = key("server.timeout.read", DURATION, "5s",
            "Time allowed for a request's headers (from connection open or the previous request's end) and again"
                    + " for its body; also how long a connection may sit idle (0 = no limit).",
            s -> s.server().readTimeout());
    public static final Setting<Duration> SERVER_TIMEOUT_WRITE = key("server.timeout.write", DURATION, "10s",
            "Time allowed to write a response (0 = no limit).", s -> s.server().writeTimeout());
    public static final Setting<Duration> SERVER_SHUTDOWN_TIMEOUT = key("server.shutdown.timeout", DURATION, "30s",
            "On SIGTERM, how long in-flight requests and deploys may take before exit.",
            s -> s.server().shutdownTimeout());
    public static final Setting<Boolean> SERVER_LOG_REQUESTS = key("server.log.requests", BOOLEAN, "true",
            "Log one line per HTTP request.", s -> s.server().logRequests());
    public static final Setting<Optional<Path>> SERVER_TLS_CERT_FILE = key("server.tls.cert_file", FILE, "",
            "PEM certificate (chain) to serve HTTPS; needs server.tls.key_file.",
            s -> s.server().tls().map(CertificateFiles::certificate));
    public static final Setting<Optional<Path>> SERVER_TLS_KEY_FILE = key("server.tls.key_file", FILE, "",
            "PEM private key for server.tls.cert_file.", s -> s.server().tls().map(CertificateFiles::privateKey));
    public static final Setting<List<Cidr>> SERVER_ALLOWED_NETWORKS = key("server.allowed_networks", CIDRS, "",
            "Networks (CIDR) allowed to call the callback, the history API, the metrics and the web UI (health stays"
                    + " open); empty = all.",
            s -> s.server().allowedNetworks());
    public static final Setting<Long> SERVER_MAX_BODY_BYTES = key("server.max_body_bytes", BYTES, "1048576",
            "Largest request body accepted, in bytes.", s -> s.server().maxBodyBytes());
    public static final Setting<Integer> SERVER_MAX_CONNECTIONS_PER_CLIENT = key("server.max_connections_per_client",
            count(0), "64", "Connections one client address may hold open at once; a connection over it is closed as"
                    + " soon as it is accepted (0 = no limit).", s -> s.server().maxConnectionsPerClient());

    public static final Setting<URI> NOMAD_URL = key("nomad.url", URL, "http://127.0.0.1:4646",
            "Address of the Nomad HTTP API.", s -> s.nomad().url(), "NOMAD_ADDR");
    public static final Setting<Optional<String>> NOMAD_TOKEN = secret("nomad.token",
            "Nomad ACL token (secret).", s -> s.nomad().token(), "NOMAD_TOKEN");
    public static final Setting<Optional<Path>> NOMAD_TOKEN_FILE = secretFile("nomad.token_file",
            "File whose trimmed content is the Nomad ACL token (instead of nomad.token); read again when it"
                    + " changes, as when Nomad renews a workload identity.");
    public static final Setting<String> NOMAD_NAMESPACE = key("nomad.namespace", NON_BLANK_TEXT, "*",
            "Nomad namespace to watch and deploy in; * = all namespaces.", s -> s.nomad().namespace(),
            "NOMAD_NAMESPACE");
    public static final Setting<Optional<String>> NOMAD_REGION = key("nomad.region", optional(TEXT), "",
            "Nomad region; empty = the agent's own region.", s -> s.nomad().region(), "NOMAD_REGION");
    public static final Setting<Optional<Path>> NOMAD_TLS_CA_FILE = key("nomad.tls.ca_file", FILE_OR_DIR, "",
            "CA certificate file, or a directory of them, to verify Nomad's certificate.",
            s -> s.nomad().tls().caFile(), "NOMAD_CACERT", "NOMAD_CAPATH");
    public static final Setting<Optional<Path>> NOMAD_TLS_CLIENT_CERT = key("nomad.tls.client_cert", FILE, "",
            "Client certificate for mutual TLS with Nomad; needs nomad.tls.client_key.",
            s -> s.nomad().tls().clientCertificate().map(CertificateFiles::certificate), "NOMAD_CLIENT_CERT");
    public static final Setting<Optional<Path>> NOMAD_TLS_CLIENT_KEY = key("nomad.tls.client_key", FILE, "",
            "Private key for nomad.tls.client_cert.",
            s -> s.nomad().tls().clientCertificate().map(CertificateFiles::privateKey), "NOMAD_CLIENT_KEY");
    public static final Setting<Optional<String>> NOMAD_TLS_SERVER_NAME = key("nomad.tls.server_name",
            optional(TEXT), "", "Server name expected in Nomad's certificate (SNI); empty = host of nomad.url.",
            s -> s.nomad().tls().serverName(), "NOMAD_TLS_SERVER_NAME");
    public static final Setting<Boolean> NOMAD_TLS_SKIP_VERIFY = key("nomad.tls.skip_verify", BOOLEAN, "false",
            "Do not verify Nomad's certificate (unsafe).", s -> s.nomad().tls().skipVerify(), "NOMAD_SKIP_VERIFY");
    public static final Setting<Duration> NOMAD_TIMEOUT = key("nomad.timeout", DURATION, "10s",
            "Time limit for each HTTP call to Nomad (0 = no limit).", s -> s.nomad().timeout());
    public static final Setting<Optional<URI>> NOMAD_UI_URL = key("nomad.ui_url", optional(URL), "",
            "Address of Nomad's web UI, for links to a job in notifications and in the service's web UI (its jobs"
                    + " are under /ui/jobs/); empty = no links.", s -> s.notifications().nomadUi());

    public static final Setting<Optional<String>> UI_AUTH_TOKEN = secret("ui.auth.token",
            "Bearer token an operator types into the web UI to pause, resume or retry a job (also accepted by"
                    + " POST /api/v1/jobs/...); empty = the UI's actions are off (secret).", s -> s.ui().authToken());
    public static final Setting<Optional<Path>> UI_AUTH_TOKEN_FILE = secretFile("ui.auth.token_file",
            "File whose trimmed content is ui.auth.token.");

    public static final Setting<List<String>> REGISTRY_HOSTS = key("registry.hosts", HOSTS, "",
            "Every host[:port] name of the registry as written in job images (aliases of one registry).",
            s -> s.registry().hosts());
    public static final Setting<Optional<String>> REGISTRY_AUTH_TOKEN = secret("registry.auth.token",
            "Bearer token the registry must send with notifications (secret).", s -> s.registry().auth().token());
    public static final Setting<Optional<Path>> REGISTRY_AUTH_TOKEN_FILE = secretFile("registry.auth.token_file",
            "File whose trimmed content is registry.auth.token.");
    public static final Setting<Optional<String>> REGISTRY_AUTH_USERNAME = key("registry.auth.username",
            optional(TEXT), "", "Basic-auth user the registry must send with notifications.",
            s -> s.registry().auth().username());
    public static final Setting<Optional<String>> REGISTRY_AUTH_PASSWORD = secret("registry.auth.password",
            "Basic-auth password for registry.auth.username (secret).", s -> s.registry().auth().password());
    public static final Setting<Optional<Path>> REGISTRY_AUTH_PASSWORD_FILE = secretFile(
            "registry.auth.password_file", "File whose trimmed content is registry.auth.password.");
    public static final Setting<List<RegistryEndpoint>> REGISTRIES = key("registries", ValueKind.REGISTRIES, "",
            "Registries the service reads, each {url, username and password or password_file, rate_limit (requests"
                    + " per s, m or h; default 10/s)}: polled for pushes no notification brought (poll.interval), asked"
                    + " for the digest a webhook left out, and asked before a job that follows its tag's digest is"
                    + " registered (docs/registry-reading.md); a list in the config file, JSON elsewhere.",
            s -> s.registry().endpoints());
    public static final Setting<Duration> REGISTRY_TIMEOUT = key("registry.timeout", POSITIVE_DURATION, "10s",
            "Time limit for each HTTP call to a registry listed in registries (a tag's digest, a page of tags, a"
                    + " token), and the longest a call waits for its rate_limit.",
            s -> s.registry().timeout());

    /** Source name -> {@code webhooks.<source>.secret}, one pair of keys per sender of {@link WebhookSources}. */
    public static final Map<String, Setting<Optional<String>>> WEBHOOK_SECRETS = webhookSecrets();
    public static final Setting<Duration> POLL_INTERVAL = key("poll.interval", DURATION, "5m",
            "How often the tags of each repository watched jobs run are listed at its registry in registries, to"
                    + " deploy what no notification brought (docs/reconciliation-poll.md); 0 = never.",
            s -> s.registry().pollInterval());

    public static final Setting<Path> STORE_PATH = key("store.path", PATH, "./nomad-deployer.db",
            "SQLite file holding the inbox and history.", s -> s.store().path());
    public static final Setting<Optional<String>> STORE_URL = key("store.url", JDBC_URL, "",
            "JDBC URL of the store; overrides store.path when set (jdbc:postgresql://host/db for replicas).",
            s -> s.store().url());
    public static final Setting<Optional<String>> STORE_USER = key("store.user", optional(TEXT), "",
            "Database user of a PostgreSQL store (unless store.url names one).", s -> s.store().user());
    public static final Setting<Optional<String>> STORE_PASSWORD = secret("store.password",
            "Password of store.user (secret).", s -> s.store().password());
    public static final Setting<Optional<Path>> STORE_PASSWORD_FILE = secretFile("store.password_file",
            "File whose trimmed content is store.password.");
    public static final Setting<Duration> HISTORY_RETENTION = key("history.retention", DURATION, "720h",
            "How long deploy history is kept (0 = forever).", Settings::historyRetention);
    public static final Setting<Integer> DEPLOY_CONCURRENCY = key("deploy.concurrency", count(1), "4",
            "Jobs redeployed in parallel (the same job never twice at once).", s -> s.deploy().concurrency());
    public static final Setting<Integer> DEPLOY_CONFLICT_RETRIES = key("deploy.conflict_retries", count(0), "5",
            "Re-reads and retries when Nomad rejects a register because the job changed meanwhile.",
            s -> s.deploy().conflictRetries());
    public static final Setting<Duration> DEPLOY_RETRY_INITIAL = key("deploy.retry.initial", POSITIVE_DURATION,
            "1s", "First back-off after a failed deploy attempt.", s -> s.deploy().retryInitial());
    public static final Setting<Duration> DEPLOY_RETRY_MAX = key("deploy.retry.max", POSITIVE_DURATION, "1m",
            "Longest back-off between deploy attempts.", s -> s.deploy().retryMax());
    public static final Setting<FailureAction> DEPLOY_ON_FAILURE = key("deploy.on_failure",
            oneOf(FailureAction.class, "<nomad|revert>"), "nomad", "When a rollout the service caused fails and Nomad"
                    + " did not auto-revert it: nomad = leave the job to Nomad and the operator, revert = revert it to"
                    + " its last stable version. Either way the tag is not applied to that job again.",
            s -> s.deploy().onFailure());
    public static final Setting<Boolean> DEPLOY_PAUSE_ON_MANUAL_CHANGE = key("deploy.pause_on_manual_change", BOOLEAN,
            "true", "Pause a job's automation when someone else sets a meta value the service set, or reverts the job"
                    + " (resume with `nomad-deployer resume NS/JOB`).", s -> s.deploy().pauseOnManualChange());
    public static final Setting<Duration> DEPLOY_ROLLOUT_RECHECK = key("deploy.rollout.recheck", POSITIVE_DURATION,
            "1m", "How often an unfinished rollout is read from Nomad while the event stream reports its changes"
                    + " (without the stream it is watched with blocking queries).", s -> s.deploy().rolloutRecheck());
    public static final Setting<List<DeployWindows.Window>> DEPLOY_WINDOWS = key("deploy.windows", WINDOWS, "",
            "When deploys may happen, e.g. mon-fri 09:00-17:00,sat 10:00-12:00 (overnight: fri 22:00-02:00); outside"
                    + " them pushes are kept, newest winning, and applied when a window opens; empty = always.",
            s -> s.deploy().windows().windows());
    public static final Setting<ZoneId> DEPLOY_WINDOWS_ZONE = key("deploy.windows_zone", ZONE, "UTC",
            "Time zone (IANA ID such as Europe/Berlin) of the deploy.windows times; daylight saving follows it.",
            s -> s.deploy().windows().zone());
    public static final Setting<Preflight> DEPLOY_PREFLIGHT = key("deploy.preflight", PREFLIGHT, "off",
            "Before a register: off = register at once, plan = ask Nomad to plan the changed job first and refuse"
                    + " the register (`refused`, with Nomad's reason) when placements would fail.",
            s -> s.deploy().preflight());
    public static final Setting<Boolean> DEPLOY_DRY_RUN = key("deploy.dry_run", BOOLEAN, "false",
            "Do everything but the register: the history records `would_register` with the change and Nomad's plan"
                    + " of it.", s -> s.deploy().dryRun());
    public static final Setting<Duration> DISCOVERY_REFRESH = key("discovery.refresh", POSITIVE_DURATION, "30s",
            "Only where Nomad's event stream is refused: the longest Nomad holds one blocking job list (it answers"
                    + " as soon as a job changes).", s -> s.discovery().refresh());
    public static final Setting<Integer> DISCOVERY_READ_CONCURRENCY = key("discovery.read_concurrency", count(1), "4",
            "Job reads in flight at once while the job index reads jobs (at start, after a resync).",
            s -> s.discovery().readConcurrency());
    public static final Setting<Integer> DISCOVERY_READ_RATE = key("discovery.read_rate", count(1), "200",
            "Most requests per second the job index sends to Nomad while it reads jobs.",
            s -> s.discovery().readRate());
    public static final Setting<Duration> HA_FAILOVER = key("ha.failover", POSITIVE_DURATION, "10s",
            "How long a replica's dispatch lease lasts without renewal: another replica sharing the store takes"
                    + " over within this time after the leader dies (renewed every third of it).",
            s -> s.ha().failover());
    public static final Setting<Optional<String>> HA_REPLICA = key("ha.replica", optional(TEXT), "",
            "This replica's name in the dispatch lease, unique among the replicas sharing the store; empty ="
                    + " NOMAD_ALLOC_ID when set, else the host name and process id (web-1-4711).",
            s -> Optional.of(s.ha().replica()), "NOMAD_ALLOC_ID");
    public static final Setting<Optional<String>> NOTIFY_WEBHOOK_URL = secret("notify.webhook.url", SECRET_URL,
            "URL every notice is POSTed to as signed JSON (docs/notifications.md); needs notify.webhook.secret"
                    + " (secret).", s -> s.notifications().sinks().stream()
                    .filter(sink -> sink.name().equals(SinksText.SIMPLE_WEBHOOK)).findFirst().map(Sink::url));
    public static final Setting<Optional<Path>> NOTIFY_WEBHOOK_URL_FILE = secretFile("notify.webhook.url_file",
            "File whose trimmed content is notify.webhook.url.");
    public static final Setting<Optional<String>> NOTIFY_WEBHOOK_SECRET = secret("notify.webhook.secret",
            "Key of the HMAC-SHA256 signature sent as X-Nomad-Deployer-Signature (secret).",
            s -> s.notifications().sinks().stream().filter(sink -> sink.name().equals(SinksText.SIMPLE_WEBHOOK))
                    .findFirst().flatMap(Sink::secret));
    public static final Setting<Optional<Path>> NOTIFY_WEBHOOK_SECRET_FILE = secretFile("notify.webhook.secret_file",
            "File whose trimmed content is notify.webhook.secret.");
    public static final Setting<List<Sink>> NOTIFY_SINKS = key("notify.sinks", SINKS, "",
            "More sinks, each {name, type (webhook, slack or teams), url or url_file, secret or secret_file (webhook),"
                    + " events}; a list in the config file, JSON elsewhere.", s -> s.notifications().sinks().stream()
                    .filter(sink -> !sink.name().equals(SinksText.SIMPLE_WEBHOOK)).toList());
    public static final Setting<Duration> NOTIFY_TIMEOUT = key("notify.timeout", POSITIVE_DURATION, "10s",
            "Time limit for each HTTP call to a notification sink.", s -> s.notifications().timeout());
    public static final Setting<Duration> NOTIFY_RETRY_INITIAL = key("notify.retry.initial", POSITIVE_DURATION, "1s",
            "First back-off after a failed notification; a failing sink's later notices wait, in order.",
            s -> s.notifications().retryInitial());
    public static final Setting<Duration> NOTIFY_RETRY_MAX = key("notify.retry.max", POSITIVE_DURATION, "1m",
            "Longest back-off between attempts to reach a failing notification sink.", s -> s.notifications().retryMax());
    public static final Setting<Map<String, List<String>>> JOBS_MAP = key("jobs", JOBS, "",
            "Explicit map of repository -> Nomad job IDs to redeploy when that repository is pushed.",
            Settings::jobs);

    /** Keys that mean nothing alone: each needs the other. */
    static final List<List<Setting<?>>> SET_TOGETHER = List.of(
            List.of(SERVER_TLS_CERT_FILE, SERVER_TLS_KEY_FILE),
            List.of(NOMAD_TLS_CLIENT_CERT, NOMAD_TLS_CLIENT_KEY),
            List.of(REGISTRY_AUTH_USERNAME, REGISTRY_AUTH_PASSWORD),
            List.of(NOTIFY_WEBHOOK_URL, NOTIFY_WEBHOOK_SECRET));

    /** The typed value of each key, for {@link #assemble}. */
    interface Values {
        <T> T get(Setting<T> setting);

        /** The file {@code secret}'s value was read from, when it came from its {@code *_file} key. */
        Optional<Path> secretFile(Setting<Optional<String>> secret);
    }

    private SettingsTable() {
    }

    public static List<Setting<?>> all() {
        return Collections.unmodifiableList(ALL);
    }

    public static Optional<Setting<?>> find(String name) {
        return ALL.stream().filter(setting -> setting.name().equals(name)).findFirst();
    }

    /** The {@code *_file} key whose file holds this secret, if it has one. */
    static Optional<Setting<?>> fileTwin(Setting<?> secret) {
        return secret.secret() ? find(secret.name() + "_file") : Optional.empty();
    }

    /** A secret, or the {@code *_file} key naming the file that holds one. */
    static boolean guardsSecret(Setting<?> setting) {
        return setting.secret() || ALL.stream().anyMatch(secret -> fileTwin(secret).orElse(null) == setting);
    }

    static Settings assemble(Values v) {
        return new Settings(
                new LogSettings(v.get(LOG_LEVEL), v.get(LOG_FORMAT)),
                new ServerSettings(v.get(SERVER_ADDRESS), v.get(SERVER_TIMEOUT_READ), v.get(SERVER_TIMEOUT_WRITE),
                        v.get(SERVER_SHUTDOWN_TIMEOUT), v.get(SERVER_LOG_REQUESTS),
                        pair(v.get(SERVER_TLS_CERT_FILE), v.get(SERVER_TLS_KEY_FILE)),
                        v.get(SERVER_ALLOWED_NETWORKS), v.get(SERVER_MAX_BODY_BYTES),
                        v.get(SERVER_MAX_CONNECTIONS_PER_CLIENT)),
                new NomadSettings(v.get(NOMAD_URL), v.get(NOMAD_TOKEN), v.secretFile(NOMAD_TOKEN),
                        v.get(NOMAD_NAMESPACE), v.get(NOMAD_REGION),
                        new NomadTls(v.get(NOMAD_TLS_CA_FILE),
                                pair(v.get(NOMAD_TLS_CLIENT_CERT), v.get(NOMAD_TLS_CLIENT_KEY)),
                                v.get(NOMAD_TLS_SERVER_NAME), v.get(NOMAD_TLS_SKIP_VERIFY)),
                        v.get(NOMAD_TIMEOUT)),
                new RegistrySettings(v.get(REGISTRY_HOSTS), new RegistryAuth(v.get(REGISTRY_AUTH_TOKEN),
                        v.get(REGISTRY_AUTH_USERNAME), v.get(REGISTRY_AUTH_PASSWORD)), v.get(REGISTRIES),
                        v.get(REGISTRY_TIMEOUT), webhookSecrets(v), v.get(POLL_INTERVAL)),
                new StoreSettings(v.get(STORE_PATH), v.get(STORE_URL), v.get(STORE_USER), v.get(STORE_PASSWORD)),
                new DeploySettings(v.get(DEPLOY_CONCURRENCY), v.get(DEPLOY_CONFLICT_RETRIES),
                        v.get(DEPLOY_RETRY_INITIAL), v.get(DEPLOY_RETRY_MAX), v.get(DEPLOY_ON_FAILURE),
                        v.get(DEPLOY_PAUSE_ON_MANUAL_CHANGE), v.get(DEPLOY_ROLLOUT_RECHECK),
                        DeployWindows.of(v.get(DEPLOY_WINDOWS), v.get(DEPLOY_WINDOWS_ZONE)), v.get(DEPLOY_PREFLIGHT),
                        v.get(DEPLOY_DRY_RUN)),
                v.get(HISTORY_RETENTION),
                new DiscoverySettings(v.get(DISCOVERY_REFRESH), v.get(DISCOVERY_READ_CONCURRENCY),
                        v.get(DISCOVERY_READ_RATE)),
                HaSettings.of(v.get(HA_FAILOVER), v.get(HA_REPLICA)),
                v.get(JOBS_MAP),
                NotifySettings.of(v.get(NOMAD_UI_URL), v.get(NOTIFY_WEBHOOK_URL), v.get(NOTIFY_WEBHOOK_SECRET),
                        v.get(NOTIFY_SINKS), v.get(NOTIFY_TIMEOUT), v.get(NOTIFY_RETRY_INITIAL),
                        v.get(NOTIFY_RETRY_MAX)),
                new UiSettings(v.get(UI_AUTH_TOKEN)));
    }

    /** Every key with its value as an operator would write it (secrets masked) and where it came from. */
    static List<ConfigEntry> describe(Settings settings, Provenance provenance) {
        return ALL.stream().map(setting -> entry(setting, settings, provenance)).toList();
    }

    /** " (did you mean X?)" with the known name closest to a misspelt one, if it is a plausible typo; else "". */
    static String didYouMean(String unknown, List<String> known, String prefix) {
        return known.stream()
                .filter(name -> editDistance(unknown, name) <= Math.max(2, name.length() / 4))
                .min(Comparator.comparingInt((String name) -> editDistance(unknown, name)).thenComparing(name -> name))
                .map(name -> " (did you mean " + prefix + name + "?)").orElse("");
    }

    static List<String> names() {
        return ALL.stream().map(Setting::name).toList();
    }

    private static <T> ConfigEntry entry(Setting<T> setting, Settings settings, Provenance provenance) {
        String source = provenance.sourceOf(setting.name()).describe();
        if (setting.value() == null) {
            String secret = setting.name().substring(0, setting.name().length() - "_file".length());
            return new ConfigEntry(setting.name(), provenance.secretFileOf(secret).orElse(""), source);
        }
        String text = setting.kind().format(setting.value().apply(settings));
        Optional<String> file = provenance.secretFileOf(setting.name());
        return new ConfigEntry(setting.name(), setting.secret() && !text.isEmpty() ? MASK : text,
                file.map(path -> "contents of " + path + " (" + source + ")").orElse(source));
    }

    private static Map<String, Setting<Optional<String>>> webhookSecrets() {
        Map<String, Setting<Optional<String>>> secrets = new LinkedHashMap<>();
        for (WebhookSource source : WebhookSources.all()) {
            String key = "webhooks." + source.name() + ".secret";
            String proofs = source.proofs().stream().map(SenderProof::describe).collect(Collectors.joining(" or "));
            secrets.put(source.name(), secret(key, "Secret that " + source.title() + "'s deliveries to /webhooks/"
                    + source.name() + " prove, by " + proofs + "; empty = that endpoint is off (secret).",
                    s -> s.registry().webhookSecret(source.name())));
            secretFile(key + "_file", "File whose trimmed content is " + key + ".");
        }
        return Collections.unmodifiableMap(secrets);
    }

    private static Map<String, String> webhookSecrets(Values v) {
        Map<String, String> secrets = new LinkedHashMap<>();
        WEBHOOK_SECRETS.forEach((source, setting) -> v.get(setting).ifPresent(secret -> secrets.put(source, secret)));
        return secrets;
    }

    private static Optional<CertificateFiles> pair(Optional<Path> certificate, Optional<Path> privateKey) {
        return certificate.flatMap(cert -> privateKey.map(key -> new CertificateFiles(cert, key)));
    }

    private static <T> Setting<T> key(String name, ValueKind<T> kind, String defaultValue, String help,
                                      Function<Settings, T> value, String... nomadEnvVars) {
        return register(new Setting<>(name, kind, defaultValue, false, List.of(nomadEnvVars), help, value));
    }

    private static Setting<Optional<String>> secret(String name, String help, Function<Settings, Optional<String>> value,
                                                    String... nomadEnvVars) {
        return secret(name, SECRET, help, value, nomadEnvVars);
    }

    private static Setting<Optional<String>> secret(String name, ValueKind<Optional<String>> kind, String help,
                                                    Function<Settings, Optional<String>> value, String... nomadEnvVars) {
        return register(new Setting<>(name, kind, "", true, List.of(nomadEnvVars), help, value));
    }

    private static Setting<Optional<Path>> secretFile(String name, String help) {
        return register(new Setting<>(name, FILE, "", false, List.of(), help, null));
    }

    private static <T> Setting<T> register(Setting<T> setting) {
        ALL.add(setting);
        return setting;
    }

    /** Levenshtein distance where swapping two neighbours ("ulr" for "url") counts as one typo. */
    private static int editDistance(String a, String b) {
        int[][] d = new int[a.length() + 1][b.length() + 1];
        for (int i = 0; i <= a.length(); i++) {
            d[i][0] = i;
        }
        for (int j = 0; j <= b.length(); j++) {
            d[0][j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                d[i][j] = Math.min(d[i - 1][j - 1] + cost, Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1));
                if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2) && a.charAt(i - 2) == b.charAt(j - 1)) {
                    d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
                }
            }
        }
        return d[a.length()][b.length()];
    }
}

package dev.nomaddeployer.config;

import static dev.nomaddeployer.config.ValueKind.ADDRESS;
import static dev.nomaddeployer.config.ValueKind.BOOLEAN;
import static dev.nomaddeployer.config.ValueKind.CIDR_LIST;
import static dev.nomaddeployer.config.ValueKind.COUNT;
import static dev.nomaddeployer.config.ValueKind.DURATION;
import static dev.nomaddeployer.config.ValueKind.HOST_LIST;
import static dev.nomaddeployer.config.ValueKind.JDBC_URL;
import static dev.nomaddeployer.config.ValueKind.JOBS;
import static dev.nomaddeployer.config.ValueKind.LOG_FORMAT;
import static dev.nomaddeployer.config.ValueKind.LOG_LEVEL;
import static dev.nomaddeployer.config.ValueKind.PATH;
import static dev.nomaddeployer.config.ValueKind.READABLE_FILE;
import static dev.nomaddeployer.config.ValueKind.READABLE_FILE_OR_DIR;
import static dev.nomaddeployer.config.ValueKind.SECRET;
import static dev.nomaddeployer.config.ValueKind.TEXT;
import static dev.nomaddeployer.config.ValueKind.URL;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Every key the service understands, in the order help, docs and {@code --print-config} show them. */
public final class SettingKeys {

    public static final String JOBS_KEY = "jobs";

    private static final List<SettingKey> ALL = List.of(
            key("log.level", LOG_LEVEL, "info", "Log level: trace, debug, info, warn or error."),
            key("log.format", LOG_FORMAT, "text", "Log format: text (human) or json (one object per line)."),
            key("server.address", ADDRESS, "0.0.0.0:8000", "Address the webhook/API listener binds to."),
            key("server.timeout.read", DURATION, "5s", "Time allowed to read a whole request (0 = no limit)."),
            key("server.timeout.write", DURATION, "10s", "Time allowed to write a response (0 = no limit)."),
            key("server.shutdown.timeout", DURATION, "30s",
                    "On SIGTERM, how long in-flight requests and deploys may take before exit."),
            key("server.log.requests", BOOLEAN, "true", "Log one line per HTTP request."),
            key("server.tls.cert_file", READABLE_FILE, "",
                    "PEM certificate (chain) to serve HTTPS; needs server.tls.key_file."),
            key("server.tls.key_file", READABLE_FILE, "", "PEM private key for server.tls.cert_file."),
            key("server.allowed_networks", CIDR_LIST, "",
                    "Networks (CIDR) allowed to call the callback and the history API (health stays open); empty = all."),
            key("server.max_body_bytes", COUNT, "1048576", "Largest request body accepted, in bytes."),
            key("nomad.url", URL, "http://127.0.0.1:4646", "Address of the Nomad HTTP API.", "NOMAD_ADDR"),
            key("nomad.token", SECRET, "", "Nomad ACL token (secret).", "NOMAD_TOKEN"),
            key("nomad.token_file", READABLE_FILE, "",
                    "File whose trimmed content is the Nomad ACL token (instead of nomad.token)."),
            key("nomad.namespace", TEXT, "*", "Nomad namespace to watch and deploy in; * = all namespaces.",
                    "NOMAD_NAMESPACE"),
            key("nomad.region", TEXT, "", "Nomad region; empty = the agent's own region.", "NOMAD_REGION"),
            key("nomad.tls.ca_file", READABLE_FILE_OR_DIR, "",
                    "CA certificate file, or a directory of them, to verify Nomad's certificate.",
                    "NOMAD_CACERT", "NOMAD_CAPATH"),
            key("nomad.tls.client_cert", READABLE_FILE, "",
                    "Client certificate for mutual TLS with Nomad; needs nomad.tls.client_key.", "NOMAD_CLIENT_CERT"),
            key("nomad.tls.client_key", READABLE_FILE, "", "Private key for nomad.tls.client_cert.",
                    "NOMAD_CLIENT_KEY"),
            key("nomad.tls.server_name", TEXT, "",
                    "Server name expected in Nomad's certificate (SNI); empty = host of nomad.url.",
                    "NOMAD_TLS_SERVER_NAME"),
            key("nomad.tls.skip_verify", BOOLEAN, "false", "Do not verify Nomad's certificate (unsafe).",
                    "NOMAD_SKIP_VERIFY"),
            key("nomad.timeout", DURATION, "10s", "Time limit for each HTTP call to Nomad (0 = no limit)."),
            key("registry.hosts", HOST_LIST, "",
                    "Every host[:port] name of the registry as written in job images (aliases of one registry)."),
            key("registry.auth.token", SECRET, "",
                    "Bearer token the registry must send with notifications (secret)."),
            key("registry.auth.token_file", READABLE_FILE, "",
                    "File whose trimmed content is registry.auth.token."),
            key("registry.auth.username", TEXT, "", "Basic-auth user the registry must send with notifications."),
            key("registry.auth.password", SECRET, "", "Basic-auth password for registry.auth.username (secret)."),
            key("registry.auth.password_file", READABLE_FILE, "",
                    "File whose trimmed content is registry.auth.password."),
            key("store.path", PATH, "./nomad-deployer.db", "SQLite file holding the inbox and history."),
            key("store.url", JDBC_URL, "", "JDBC URL of the store; overrides store.path when set."),
            key("history.retention", DURATION, "720h", "How long deploy history is kept (0 = forever)."),
            key("deploy.concurrency", COUNT, "4", "Jobs redeployed in parallel (the same job never twice at once)."),
            key("deploy.conflict_retries", COUNT, "5",
                    "Re-reads and retries when Nomad rejects a register because the job changed meanwhile."),
            key("deploy.retry.initial", DURATION, "1s", "First back-off after a failed deploy attempt."),
            key("deploy.retry.max", DURATION, "1m", "Longest back-off between deploy attempts."),
            key("discovery.refresh", DURATION, "30s", "How often the job index is rebuilt from Nomad."),
            key(JOBS_KEY, JOBS, "",
                    "Explicit map of repository -> Nomad job IDs to redeploy when that repository is pushed."));

    private static final Map<String, SettingKey> BY_NAME = index();

    /** A secret key paired with the key naming a file that holds it. */
    static final Map<String, String> SECRET_FILES = Map.of(
            "nomad.token", "nomad.token_file",
            "registry.auth.token", "registry.auth.token_file",
            "registry.auth.password", "registry.auth.password_file");

    private SettingKeys() {
    }

    public static List<SettingKey> all() {
        return ALL;
    }

    public static Optional<SettingKey> find(String name) {
        return Optional.ofNullable(BY_NAME.get(name));
    }

    public static SettingKey get(String name) {
        SettingKey key = BY_NAME.get(name);
        if (key == null) {
            throw new IllegalArgumentException("no setting named " + name);
        }
        return key;
    }

    /** The known key closest to a misspelt one, if it is close enough to be a plausible typo. */
    public static Optional<String> suggest(String unknown) {
        return suggestAmong(unknown, BY_NAME.keySet());
    }

    static Optional<String> suggestAmong(String unknown, Iterable<String> candidates) {
        List<String> names = new ArrayList<>();
        candidates.forEach(names::add);
        return names.stream()
                .filter(name -> editDistance(unknown, name) <= Math.max(2, name.length() / 4))
                .min(Comparator.comparingInt((String name) -> editDistance(unknown, name)).thenComparing(name -> name));
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

    private static SettingKey key(String name, ValueKind kind, String defaultValue, String description,
                                  String... nomadEnvVars) {
        return new SettingKey(name, kind, defaultValue, description, List.of(nomadEnvVars));
    }

    private static Map<String, SettingKey> index() {
        Map<String, SettingKey> byName = new LinkedHashMap<>();
        for (SettingKey key : ALL) {
            byName.put(key.name(), key);
        }
        return Map.copyOf(byName);
    }
}

package dev.nomaddeployer.config;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * Turns the winning raw value of each key into typed {@link Settings}. Every check lives here, so a value is judged
 * the same whether it came from a flag, a variable or a file; all problems are collected and reported together.
 */
final class SettingsBinder {


    private final Map<String, RawValue> values;
    private final Path workingDir;
    private final List<String> problems = new ArrayList<>();
    private final Map<String, Source> sources = new HashMap<>();
    private final Map<String, String> secretFiles = new HashMap<>();

    /** @param values the winning value per key; absent keys take their default */
    SettingsBinder(Map<String, RawValue> values, Path workingDir) {
        this.values = new HashMap<>(values);
        this.workingDir = workingDir;
    }

    Settings bind() throws ConfigException {
        values.forEach((key, raw) -> sources.put(key, raw.source()));
        LogSettings log = new LogSettings(
                parse("log.level", text -> ValueParsers.enumValue(LogLevel.class, "warning".equalsIgnoreCase(text) ? "warn" : text)),
                parse("log.format", text -> ValueParsers.enumValue(LogFormat.class, text)));
        ServerSettings server = new ServerSettings(
                parse("server.address", ListenAddress::parse),
                duration("server.timeout.read", false),
                duration("server.timeout.write", false),
                duration("server.shutdown.timeout", false),
                bool("server.log.requests"),
                certificatePair("server.tls.cert_file", "server.tls.key_file"),
                list("server.allowed_networks", Cidr::parse),
                number("server.max_body_bytes", 1));
        NomadTls nomadTls = new NomadTls(
                optional("nomad.tls.ca_file", text -> readable(text, true)),
                certificatePair("nomad.tls.client_cert", "nomad.tls.client_key"),
                optional("nomad.tls.server_name", Function.identity()),
                bool("nomad.tls.skip_verify"));
        NomadSettings nomad = new NomadSettings(
                parse("nomad.url", ValueParsers::httpUrl),
                secret("nomad.token"),
                parse("nomad.namespace", ValueParsers::nonBlank),
                optional("nomad.region", Function.identity()),
                nomadTls,
                duration("nomad.timeout", false));
        RegistryAuth auth = new RegistryAuth(
                secret("registry.auth.token"),
                optional("registry.auth.username", Function.identity()),
                secret("registry.auth.password"));
        requireTogether("registry.auth.username", "registry.auth.password", auth.username(), auth.password());
        RegistrySettings registry = new RegistrySettings(list("registry.hosts", ValueParsers::host), auth);
        StoreSettings store = new StoreSettings(
                parse("store.path", this::path),
                optional("store.url", ValueParsers::jdbcUrl));
        DeploySettings deploy = new DeploySettings(
                (int) number("deploy.concurrency", 1),
                (int) number("deploy.conflict_retries", 0),
                duration("deploy.retry.initial", true),
                duration("deploy.retry.max", true));
        if (deploy.retryInitial() != null && deploy.retryMax() != null
                && deploy.retryMax().compareTo(deploy.retryInitial()) < 0) {
            problems.add("deploy.retry.max (" + GoDuration.format(deploy.retryMax()) + ", " + sourceOf("deploy.retry.max")
                    + ") must not be shorter than deploy.retry.initial (" + GoDuration.format(deploy.retryInitial())
                    + ", " + sourceOf("deploy.retry.initial") + ")");
        }
        Duration historyRetention = duration("history.retention", false);
        Duration discoveryRefresh = duration("discovery.refresh", true);
        Map<String, List<String>> jobs = jobs();
        if (!problems.isEmpty()) {
            throw new ConfigException(problems);
        }
        return new Settings(log, server, nomad, registry, store, deploy, historyRetention, discoveryRefresh, jobs,
                new Provenance(sources, secretFiles));
    }

    // ---- one method per kind of value

    private <T> T parse(String key, Function<String, T> parser) {
        RawValue raw = values.get(key);
        String text = raw == null ? SettingKeys.get(key).defaultValue() : scalar(key, raw);
        if (text == null) {
            return null;
        }
        try {
            return parser.apply(text.strip());
        } catch (IllegalArgumentException e) {
            problems.add(invalid(key, text, e.getMessage()));
            return null;
        }
    }

    private <T> Optional<T> optional(String key, Function<String, T> parser) {
        RawValue raw = values.get(key);
        String text = raw == null ? SettingKeys.get(key).defaultValue() : scalar(key, raw);
        if (text == null || text.isBlank()) {
            return Optional.empty();
        }
        return Optional.ofNullable(parse(key, parser));
    }

    private Duration duration(String key, boolean mustBePositive) {
        return parse(key, text -> {
            Duration d = GoDuration.parse(text);
            if (d.isNegative() || (mustBePositive && d.isZero())) {
                throw new IllegalArgumentException(mustBePositive ? "must be longer than 0" : "must not be negative");
            }
            return d;
        });
    }

    private boolean bool(String key) {
        Boolean value = parse(key, ValueParsers::bool);
        return value != null && value;
    }

    private long number(String key, long minimum) {
        Long value = parse(key, text -> {
            long n;
            try {
                n = Long.parseLong(text.replace("_", ""));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("not a whole number");
            }
            if (n < minimum || n > Integer.MAX_VALUE && !key.equals("server.max_body_bytes")) {
                throw new IllegalArgumentException("must be at least " + minimum
                        + (key.equals("server.max_body_bytes") ? "" : " and at most " + Integer.MAX_VALUE));
            }
            return n;
        });
        return value == null ? 0 : value;
    }

    private <T> List<T> list(String key, Function<String, T> itemParser) {
        RawValue raw = values.get(key);
        List<String> items = raw == null
                ? JobsText.splitList(SettingKeys.get(key).defaultValue())
                : raw.value() instanceof List<?> list
                        ? list.stream().map(item -> String.valueOf(item).strip()).filter(s -> !s.isEmpty()).toList()
                        : JobsText.splitList(String.valueOf(raw.value()));
        List<T> parsed = new ArrayList<>();
        for (String item : items) {
            try {
                parsed.add(itemParser.apply(item));
            } catch (IllegalArgumentException e) {
                problems.add(invalid(key, item, e.getMessage()));
            }
        }
        return List.copyOf(parsed);
    }

    /**
     * A secret comes from its own key or from its {@code *_file} key. When both are set the stronger source wins;
     * set at the same rank it is ambiguous and refused.
     */
    private Optional<String> secret(String key) {
        String fileKey = SettingKeys.SECRET_FILES.get(key);
        RawValue direct = isSet(key) ? values.get(key) : null;
        RawValue file = isSet(fileKey) ? values.get(fileKey) : null;
        if (direct != null && file != null) {
            if (direct.source().rank() == file.source().rank()) {
                problems.add("set only one of " + key + " (" + direct.source().describe() + ") and " + fileKey
                        + " (" + file.source().describe() + ")");
                return Optional.empty();
            }
            if (direct.source().rank() > file.source().rank()) {
                sources.remove(fileKey);
                file = null;
            } else {
                direct = null;
            }
        }
        if (direct != null) {
            if (!(direct.value() instanceof String text)) {
                problems.add(key + ": " + direct.source().describe() + " gives a list where a single value is expected");
                return Optional.empty();
            }
            return text.isEmpty() ? Optional.empty() : Optional.of(text);
        }
        if (file == null) {
            return Optional.empty();
        }
        Optional<Path> path = optional(fileKey, text -> readable(text, false));
        if (path.isEmpty()) {
            return Optional.empty();
        }
        String content;
        try {
            content = Files.readString(path.get(), StandardCharsets.UTF_8).strip();
        } catch (IOException e) {
            problems.add(fileKey + ": cannot read file " + path.get() + " (" + file.source().describe() + "): "
                    + e.getClass().getSimpleName());
            return Optional.empty();
        }
        if (content.isEmpty()) {
            problems.add(fileKey + ": file " + path.get() + " (" + file.source().describe() + ") is empty");
            return Optional.empty();
        }
        sources.put(key, file.source());
        secretFiles.put(key, path.get().toString());
        return Optional.of(content);
    }

    private Optional<CertificateFiles> certificatePair(String certKey, String keyKey) {
        Optional<Path> cert = optional(certKey, text -> readable(text, false));
        Optional<Path> key = optional(keyKey, text -> readable(text, false));
        requireTogether(certKey, keyKey, cert, key);
        return cert.isPresent() && key.isPresent() ? Optional.of(new CertificateFiles(cert.get(), key.get()))
                : Optional.empty();
    }

    private void requireTogether(String first, String second, Optional<?> a, Optional<?> b) {
        boolean firstSet = isSet(first) || isSet(first + "_file");
        boolean secondSet = isSet(second) || isSet(second + "_file");
        if (a.isPresent() != b.isPresent() && firstSet != secondSet) {
            String set = firstSet ? first : second;
            String missing = firstSet ? second : first;
            problems.add(first + " and " + second + " must be set together: " + set + " is set ("
                    + sourceOf(set) + ") but " + missing + " is not");
        }
    }

    private Map<String, List<String>> jobs() {
        RawValue raw = values.get(SettingKeys.JOBS_KEY);
        if (raw == null) {
            return Map.of();
        }
        Map<String, List<String>> jobs = new LinkedHashMap<>();
        if (raw.value() instanceof Map<?, ?> map) {
            map.forEach((repository, ids) -> jobs.put(String.valueOf(repository),
                    ((List<?>) ids).stream().map(String::valueOf).map(String::strip).toList()));
        } else {
            try {
                jobs.putAll(JobsText.parse(String.valueOf(raw.value()), SettingKeys.JOBS_KEY, raw.source()));
            } catch (ConfigException e) {
                problems.addAll(e.problems());
                return Map.of();
            }
        }
        jobs.forEach((repository, ids) -> {
            if (repository.isBlank()) {
                problems.add(invalid(SettingKeys.JOBS_KEY, "", "a repository name is empty"));
            } else if (ids.isEmpty() || ids.stream().anyMatch(String::isBlank)) {
                problems.add(invalid(SettingKeys.JOBS_KEY, repository, "repository " + repository
                        + " needs at least one job ID and no empty ones"));
            }
        });
        return jobs;
    }

    private Path path(String text) {
        try {
            return workingDir.resolve(text).normalize();
        } catch (InvalidPathException e) {
            throw new IllegalArgumentException("not a valid path");
        }
    }

    private Path readable(String text, boolean directoryAllowed) {
        Path path = path(text);
        if (!Files.exists(path)) {
            throw new IllegalArgumentException("file " + path + " does not exist");
        }
        if (Files.isDirectory(path) && !directoryAllowed) {
            throw new IllegalArgumentException(path + " is a directory, not a file");
        }
        if (!Files.isReadable(path)) {
            throw new IllegalArgumentException("file " + path + " is not readable");
        }
        return path;
    }

    /** An empty value ({@code token: ""}) is as good as no value, as for empty environment variables. */
    private boolean isSet(String key) {
        RawValue raw = values.get(key);
        return raw != null && !(raw.value() instanceof String text && text.isBlank());
    }

    // ---- messages

    private String scalar(String key, RawValue raw) {
        if (raw.value() instanceof String text) {
            return text;
        }
        problems.add(key + ": " + raw.source().describe() + " gives a list where a single value is expected");
        return null;
    }

    private String invalid(String key, String text, String reason) {
        SettingKey setting = SettingKeys.get(key);
        String shown = setting.secret() ? "" : " \"" + text + "\"";
        return key + ": invalid value" + shown + " from " + sourceOf(key) + ": " + reason + "; expected "
                + setting.kind().accepted();
    }

    private String sourceOf(String key) {
        RawValue raw = values.get(key);
        return raw == null ? "default" : raw.source().describe();
    }
}

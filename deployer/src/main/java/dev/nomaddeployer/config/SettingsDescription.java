package dev.nomaddeployer.config;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/** Renders settings back into the text an operator would write, for {@code --print-config} and toString. */
final class SettingsDescription {

    private SettingsDescription() {
    }

    static List<ConfigEntry> of(Settings settings) {
        List<ConfigEntry> entries = new ArrayList<>();
        for (SettingKey key : SettingKeys.all()) {
            String value = valueOf(settings, key.name());
            Provenance provenance = settings.provenance();
            String source = provenance.sourceOf(key.name()).describe();
            Optional<String> secretFile = provenance.secretFileOf(key.name());
            if (secretFile.isPresent()) {
                source = "contents of " + secretFile.get() + " (" + source + ")";
            }
            entries.add(new ConfigEntry(key.name(), value, source));
        }
        return List.copyOf(entries);
    }

    private static String valueOf(Settings s, String key) {
        ServerSettings server = s.server();
        NomadSettings nomad = s.nomad();
        RegistryAuth auth = s.registry().auth();
        return switch (key) {
            case "log.level" -> s.log().level().name().toLowerCase(Locale.ROOT);
            case "log.format" -> s.log().format().name().toLowerCase(Locale.ROOT);
            case "server.address" -> server.address().toString();
            case "server.timeout.read" -> GoDuration.format(server.readTimeout());
            case "server.timeout.write" -> GoDuration.format(server.writeTimeout());
            case "server.shutdown.timeout" -> GoDuration.format(server.shutdownTimeout());
            case "server.log.requests" -> Boolean.toString(server.logRequests());
            case "server.tls.cert_file" -> path(server.tls().map(CertificateFiles::certificate));
            case "server.tls.key_file" -> path(server.tls().map(CertificateFiles::privateKey));
            case "server.allowed_networks" -> join(server.allowedNetworks());
            case "server.max_body_bytes" -> Long.toString(server.maxBodyBytes());
            case "nomad.url" -> nomad.url().toString();
            case "nomad.token" -> Masking.mask(nomad.token());
            case "nomad.token_file" -> s.provenance().secretFileOf("nomad.token").orElse("");
            case "nomad.namespace" -> nomad.namespace();
            case "nomad.region" -> nomad.region().orElse("");
            case "nomad.tls.ca_file" -> path(nomad.tls().caFile());
            case "nomad.tls.client_cert" -> path(nomad.tls().clientCertificate().map(CertificateFiles::certificate));
            case "nomad.tls.client_key" -> path(nomad.tls().clientCertificate().map(CertificateFiles::privateKey));
            case "nomad.tls.server_name" -> nomad.tls().serverName().orElse("");
            case "nomad.tls.skip_verify" -> Boolean.toString(nomad.tls().skipVerify());
            case "nomad.timeout" -> GoDuration.format(nomad.timeout());
            case "registry.hosts" -> String.join(",", s.registry().hosts());
            case "registry.auth.token" -> Masking.mask(auth.token());
            case "registry.auth.token_file" -> s.provenance().secretFileOf("registry.auth.token").orElse("");
            case "registry.auth.username" -> auth.username().orElse("");
            case "registry.auth.password" -> Masking.mask(auth.password());
            case "registry.auth.password_file" -> s.provenance().secretFileOf("registry.auth.password").orElse("");
            case "store.path" -> s.store().path().toString();
            case "store.url" -> s.store().url().orElse("");
            case "history.retention" -> GoDuration.format(s.historyRetention());
            case "deploy.concurrency" -> Integer.toString(s.deploy().concurrency());
            case "deploy.conflict_retries" -> Integer.toString(s.deploy().conflictRetries());
            case "deploy.retry.initial" -> GoDuration.format(s.deploy().retryInitial());
            case "deploy.retry.max" -> GoDuration.format(s.deploy().retryMax());
            case "discovery.refresh" -> GoDuration.format(s.discoveryRefresh());
            case "jobs" -> s.jobs().entrySet().stream()
                    .map(e -> e.getKey() + "=" + String.join(",", e.getValue()))
                    .collect(Collectors.joining(";"));
            default -> throw new IllegalStateException("no rendering for key " + key);
        };
    }

    private static String path(Optional<Path> path) {
        return path.map(Path::toString).orElse("");
    }

    private static String join(List<?> items) {
        return items.stream().map(Object::toString).collect(Collectors.joining(","));
    }
}

package dev.nomaddeployer.config;

import dev.nomaddeployer.registryapi.RegistryEndpoint;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * @param hosts     the host[:port] names jobs use in image references for this registry
 * @param auth      what the registry must send with its notifications
 * @param endpoints the registries the service reads from ({@code registries}), with their read credentials
 * @param timeout   time limit of each HTTP call to one of {@code endpoints}
 * @param webhookSecrets source name -> the secret its deliveries to {@code /webhooks/<source>} prove; a source
 *                       without one has its endpoint off
 * @param pollInterval how often {@code endpoints} are listed for tags no notification brought; zero = never
 */
public record RegistrySettings(List<String> hosts, RegistryAuth auth, List<RegistryEndpoint> endpoints,
                               Duration timeout, Map<String, String> webhookSecrets, Duration pollInterval) {

    public RegistrySettings {
        hosts = List.copyOf(hosts);
        endpoints = List.copyOf(endpoints);
        webhookSecrets = Map.copyOf(webhookSecrets);
    }

    public Optional<String> webhookSecret(String source) {
        return Optional.ofNullable(webhookSecrets.get(source));
    }

    @Override
    public String toString() {
        return "RegistrySettings[hosts=" + hosts + ", auth=" + auth + ", endpoints=" + endpoints + ", timeout="
                + timeout + ", webhookSecrets=" + webhookSecrets.keySet() + ", pollInterval=" + pollInterval + "]";
    }

    /** The read passwords, for the log's redactor (they are list entries, not keys of their own). */
    public Set<String> secrets() {
        Set<String> secrets = new HashSet<>();
        endpoints.forEach(endpoint -> endpoint.password().ifPresent(secrets::add));
        return secrets;
    }
}

package dev.nomaddeployer.config;

import dev.nomaddeployer.registryapi.RegistryEndpoint;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * @param hosts     the host[:port] names jobs use in image references for this registry
 * @param auth      what the registry must send with its notifications
 * @param endpoints the registries the service reads from ({@code registries}), with their read credentials
 * @param timeout   time limit of each HTTP call to one of {@code endpoints}
 */
public record RegistrySettings(List<String> hosts, RegistryAuth auth, List<RegistryEndpoint> endpoints,
                               Duration timeout) {

    public RegistrySettings {
        hosts = List.copyOf(hosts);
        endpoints = List.copyOf(endpoints);
    }

    /** The read passwords, for the log's redactor (they are list entries, not keys of their own). */
    public Set<String> secrets() {
        Set<String> secrets = new HashSet<>();
        endpoints.forEach(endpoint -> endpoint.password().ifPresent(secrets::add));
        return secrets;
    }
}

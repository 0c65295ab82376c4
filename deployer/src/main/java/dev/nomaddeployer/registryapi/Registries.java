package dev.nomaddeployer.registryapi;

import dev.nomaddeployer.image.RegistryHosts;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** The registries the service may read, each found by a push's host as {@link RegistryHosts} matches hosts. */
public final class Registries {
    private final List<RegistryReader> readers;
    private final RegistryHosts hosts;

    public Registries(List<RegistryEndpoint> endpoints, RegistryHosts hosts, Duration timeout, Clock clock) {
        this.readers = endpoints.stream().map(endpoint -> new RegistryReader(endpoint, timeout, clock)).toList();
        this.hosts = hosts;
    }

    /** The reader of the registry a push reached as {@code pushedHost}; empty when no entry names it. */
    public Optional<RegistryReader> readerFor(String pushedHost) {
        return readers.stream().filter(reader -> hosts.matches(pushedHost, reader.endpoint().hostPort())).findFirst();
    }
}

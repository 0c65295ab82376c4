package dev.nomaddeployer.registryapi;

import dev.nomaddeployer.image.RegistryHosts;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * The registries the service may read, one {@link RegistryReader} per entry of {@code registries}, each found by a
 * push's host as {@link RegistryHosts} matches hosts. Build one for the whole service: an entry's request budget and
 * back-off live in its reader, so every reader of a registry must be the same one.
 */
public final class Registries {
    private final List<RegistryReader> readers;
    private final RegistryHosts hosts;

    public Registries(List<RegistryEndpoint> endpoints, RegistryHosts hosts, Duration timeout, Clock clock) {
        this(endpoints, hosts, timeout, clock, RegistryObserver.NONE);
    }

    public Registries(List<RegistryEndpoint> endpoints, RegistryHosts hosts, Duration timeout, Clock clock,
                      RegistryObserver observer) {
        this.readers = endpoints.stream().map(endpoint -> new RegistryReader(endpoint, timeout, clock, observer))
                .toList();
        this.hosts = hosts;
    }

    /** The reader of the registry a push reached as {@code pushedHost}; empty when no entry names it. */
    public Optional<RegistryReader> readerFor(String pushedHost) {
        return readers.stream().filter(reader -> hosts.matches(pushedHost, reader.endpoint().hostPort())).findFirst();
    }

    /** Every entry's reader, in the order of {@code registries}. */
    public List<RegistryReader> readers() {
        return readers;
    }
}

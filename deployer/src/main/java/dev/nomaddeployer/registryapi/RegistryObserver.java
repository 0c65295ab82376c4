package dev.nomaddeployer.registryapi;

/** Told of every request a {@link RegistryReader} sent or refused to send (metrics count them). */
@FunctionalInterface
public interface RegistryObserver {
    RegistryObserver NONE = (registry, answer) -> { };

    /** @param registry the entry's {@code host[:port]} */
    void requestEnded(String registry, RegistryAnswer answer);
}

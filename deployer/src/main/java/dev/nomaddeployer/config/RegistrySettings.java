package dev.nomaddeployer.config;

import java.util.List;

/** @param hosts the host[:port] names jobs use in image references for this registry */
public record RegistrySettings(List<String> hosts, RegistryAuth auth) {

    public RegistrySettings {
        hosts = List.copyOf(hosts);
    }
}

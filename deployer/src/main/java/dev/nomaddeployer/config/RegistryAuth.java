package dev.nomaddeployer.config;

import java.util.Optional;

/**
 * What the registry must send with its notifications: a bearer token, basic-auth credentials, either or both.
 * Nothing configured = notifications are accepted without credentials.
 */
public record RegistryAuth(Optional<String> token, Optional<String> username, Optional<String> password) {

    public boolean required() {
        return token.isPresent() || username.isPresent();
    }

    @Override
    public String toString() {
        return "RegistryAuth[token=" + (token.isPresent() ? SettingsTable.MASK : "") + ", username="
                + username.orElse("") + ", password=" + (password.isPresent() ? SettingsTable.MASK : "") + "]";
    }
}

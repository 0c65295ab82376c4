package dev.nomaddeployer.config;

import java.util.Optional;

/**
 * The web UI ({@code docs/web-ui.md}).
 *
 * @param authToken the operator's bearer token for the UI's actions (pause, resume, retry); empty = actions are off
 */
public record UiSettings(Optional<String> authToken) {

    @Override
    public String toString() {
        return "UiSettings[authToken=" + (authToken.isPresent() ? SettingsTable.MASK : "") + "]";
    }
}

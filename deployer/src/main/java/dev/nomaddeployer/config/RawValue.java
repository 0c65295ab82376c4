package dev.nomaddeployer.config;

/**
 * A value as a source gave it, before it is checked: a {@code String}, or a {@code List<String>} from a file.
 * Checking happens in one place ({@link SettingsBinder}) so all sources get the same rules and the same messages.
 */
record RawValue(Object value, Source source) {
}

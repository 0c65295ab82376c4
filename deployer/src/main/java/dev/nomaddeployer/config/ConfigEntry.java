package dev.nomaddeployer.config;

/** One line of {@code --print-config}: the key, its value as written (secrets as ********) and where it came from. */
public record ConfigEntry(String key, String value, String source) {
}

package dev.nomaddeployer.config;

public record LogSettings(LogLevel level, LogFormat format) {
}

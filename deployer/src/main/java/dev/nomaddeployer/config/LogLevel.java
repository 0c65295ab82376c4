package dev.nomaddeployer.config;

public enum LogLevel {
    TRACE, DEBUG, INFO, WARN, ERROR
}

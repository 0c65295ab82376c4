package dev.nomaddeployer.config;

public enum LogFormat {
    JSON, TEXT
}

package dev.nomaddeployer.config;

public enum LogFormat {
    TEXT, JSON
}

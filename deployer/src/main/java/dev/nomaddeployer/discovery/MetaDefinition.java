package dev.nomaddeployer.discovery;

/** A meta key as written at one level of a job, with its current value. */
public record MetaDefinition(MetaLevel level, String key, String value) {
}

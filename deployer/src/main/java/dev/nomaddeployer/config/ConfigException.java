package dev.nomaddeployer.config;

import java.util.List;

/**
 * The configuration cannot be used. The message is the complete text for the operator: it names the key, where the
 * value came from and what would be accepted, one problem per line. It never contains a secret.
 */
public final class ConfigException extends Exception {

    private final List<String> problems;

    public ConfigException(String problem) {
        this(List.of(problem));
    }

    public ConfigException(List<String> problems) {
        super(String.join("\n", problems));
        this.problems = List.copyOf(problems);
    }

    public List<String> problems() {
        return problems;
    }
}

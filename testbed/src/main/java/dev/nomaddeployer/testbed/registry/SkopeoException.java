package dev.nomaddeployer.testbed.registry;

import java.util.List;

/** skopeo exited non-zero, timed out or could not start; the message has the command line and its output. */
public final class SkopeoException extends RuntimeException {
    private final List<String> command;

    SkopeoException(List<String> command, String problem, String output) {
        super(String.join(" ", command) + " " + problem + (output.isBlank() ? "" : ":\n" + output.strip()));
        this.command = List.copyOf(command);
    }

    public List<String> command() {
        return command;
    }
}

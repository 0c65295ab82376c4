package dev.nomaddeployer.testbed.postgres;

import java.util.List;

/** A {@code psql} command that could not start, failed or did not finish in time; names the command and its output. */
public final class PsqlException extends RuntimeException {
    private final String output;

    PsqlException(List<String> command, String problem, String output) {
        super(String.join(" ", command) + " " + problem + (output.isBlank() ? "" : ":\n" + output.strip()));
        this.output = output;
    }

    /** What psql printed (stderr, then stdout). */
    public String output() {
        return output;
    }
}

package dev.nomaddeployer.testbed.postgres;

/** The server could not be initialised or did not come up; the message holds the tail of its log. */
public final class PostgresStartException extends RuntimeException {
    PostgresStartException(String message) {
        super(message);
    }
}

package dev.nomaddeployer.bench;

/** Something broke (a process died, a push was never applied): the run's figures cannot be trusted. */
public final class BenchFailure extends RuntimeException {
    public BenchFailure(String message) {
        super(message);
    }

    public BenchFailure(String message, Throwable cause) {
        super(message, cause);
    }
}

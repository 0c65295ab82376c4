package dev.nomaddeployer.nomad;

/** A Nomad call that failed, with what the failure means ({@link NomadError}) and which call it was. */
public final class NomadException extends Exception {
    private final NomadError error;

    public NomadException(String operation, NomadError error) {
        super(operation + ": " + error.message());
        this.error = error;
    }

    public NomadError error() {
        return error;
    }
}

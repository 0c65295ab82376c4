package dev.nomaddeployer.nomad;

/** A Nomad call that failed: which call it was ({@link NomadCall}) and what the failure means ({@link NomadError}). */
public final class NomadException extends Exception {
    private final NomadCall call;
    private final NomadError error;

    public NomadException(NomadCall call, NomadError error) {
        super(call + ": " + error.message());
        this.call = call;
        this.error = error;
    }

    public NomadCall call() {
        return call;
    }

    public NomadError error() {
        return error;
    }

    /** The message, plus what to grant when the token was refused. */
    public String explained() {
        if (error instanceof NomadError.PermissionDenied) {
            return getMessage() + " (the token needs the " + call.capability() + " capability in this namespace)";
        }
        return getMessage();
    }
}

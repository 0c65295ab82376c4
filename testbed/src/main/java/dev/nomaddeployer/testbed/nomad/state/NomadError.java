package dev.nomaddeployer.testbed.nomad.state;

/** An error answer: HTTP status plus the exact plain-text body Nomad would send. */
public final class NomadError extends RuntimeException {
    private final int status;

    NomadError(int status, String message) {
        super(message, null, false, false);
        this.status = status;
    }

    public int status() {
        return status;
    }

    public static NomadError badRequest(String message) {
        return new NomadError(400, message);
    }

    public static NomadError server(String message) {
        return new NomadError(500, message);
    }

    public static NomadError notFound(String message) {
        return new NomadError(404, message);
    }

    public static NomadError permissionDenied() {
        return new NomadError(403, "Permission denied");
    }

    public static NomadError invalidMethod() {
        return new NomadError(405, "Invalid method");
    }

    /** hashicorp/go-multierror's text, which validation failures are wrapped in. */
    public static NomadError multi(java.util.List<String> errors) {
        StringBuilder text = new StringBuilder();
        text.append(errors.size()).append(errors.size() == 1 ? " error occurred:\n" : " errors occurred:\n");
        for (String e : errors) {
            text.append("\t* ").append(e).append('\n');
        }
        return server(text.append('\n').toString());
    }
}

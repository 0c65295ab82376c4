package dev.nomaddeployer.testbed.registry;

/** A registry API call answered with an unexpected status; the message carries the call and the answer. */
public final class RegistryRequestException extends RuntimeException {
    private final int status;

    RegistryRequestException(String method, String uri, int status, String body) {
        super(method + " " + uri + " answered " + status + ": " + abbreviate(body));
        this.status = status;
    }

    RegistryRequestException(String method, String uri, Exception cause) {
        super(method + " " + uri + " failed: " + cause, cause);
        this.status = -1;
    }

    /** The HTTP status, or -1 when no answer arrived. */
    public int status() {
        return status;
    }

    private static String abbreviate(String body) {
        String oneLine = body.strip().replace('\n', ' ');
        return oneLine.length() <= 500 ? oneLine : oneLine.substring(0, 500) + "…";
    }
}

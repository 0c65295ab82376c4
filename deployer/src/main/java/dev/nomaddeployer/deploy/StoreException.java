package dev.nomaddeployer.deploy;

/** The store could not do what was asked (disk full, read-only, corrupt file). Nothing was half-written. */
public final class StoreException extends RuntimeException {
    public StoreException(String message, Throwable cause) {
        super(message + (cause == null || cause.getMessage() == null ? "" : ": " + cause.getMessage()), cause);
    }
}

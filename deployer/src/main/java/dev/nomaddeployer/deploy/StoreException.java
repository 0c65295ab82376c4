package dev.nomaddeployer.deploy;

/**
 * The store could not do what was asked; nothing was half-written. {@link #kind()} says why, so callers
 * decide by it and operators read the cause, not the database's last words.
 */
public final class StoreException extends RuntimeException {
    public enum Kind {
        /** The disk (or the store's configured size limit) is full; writes succeed again once there is room. */
        FULL(false),
        /** The store may not be written (read-only file, directory or mount). */
        READ_ONLY(false),
        /** Another process holds the store locked for longer than the busy time-out. */
        BUSY(false),
        /** SQLite found damaged pages, or the file is not a database. */
        DAMAGED(true),
        /** The file that was opened was deleted or replaced: what is committed now would be lost on restart. */
        REPLACED(true),
        /** The database server cannot be reached, or it ended our session (restart, failover, terminated). */
        UNAVAILABLE(false),
        /** Anything else (I/O errors, a bad URL, a refused login); the message has the database's words. */
        OTHER(false);

        private final boolean lasting;

        Kind(boolean lasting) {
            this.lasting = lasting;
        }

        /** Whether no later write can succeed on the open store (it must be repaired and the service restarted). */
        public boolean lasting() {
            return lasting;
        }
    }

    private final Kind kind;

    public StoreException(String message, Kind kind, Throwable cause) {
        super(message + (cause == null || cause.getMessage() == null ? "" : ": " + cause.getMessage()), cause);
        this.kind = kind;
    }

    public StoreException(String message, Throwable cause) {
        this(message, Kind.OTHER, cause);
    }

    public Kind kind() {
        return kind;
    }
}

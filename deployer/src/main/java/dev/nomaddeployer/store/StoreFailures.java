package dev.nomaddeployer.store;

import dev.nomaddeployer.deploy.StoreException;
import dev.nomaddeployer.deploy.StoreException.Kind;
import org.sqlite.SQLiteException;

/** Turns SQLite's result codes into what a failure means ({@link Kind}) and what the operator should know. */
final class StoreFailures {
    private static final int SQLITE_BUSY = 5;
    private static final int SQLITE_LOCKED = 6;
    private static final int SQLITE_READONLY = 8;
    private static final int SQLITE_CORRUPT = 11;
    private static final int SQLITE_FULL = 13;
    private static final int SQLITE_NOTADB = 26;

    private StoreFailures() {}

    static StoreException classify(String what, Exception e) {
        Kind kind = kind(e);
        String explained = switch (kind) {
            case FULL -> what + ": the disk holding the store is full (or the store's size limit is reached);"
                    + " pushes are refused with 503 until there is room again";
            case READ_ONLY -> what + ": the store cannot be written (read-only file, directory or mount)";
            case BUSY -> what + ": another process holds the store locked (longer than "
                    + Database.BUSY_TIMEOUT_MILLIS + " ms)";
            case DAMAGED -> what + ": the store is damaged; restore it from a backup, or move it aside to start"
                    + " with an empty store";
            case UNAVAILABLE, REPLACED, OTHER -> what;
        };
        return new StoreException(explained, kind, e);
    }

    /** By SQLite's primary result code, wherever in the chain (suppressed errors included) it was reported. */
    private static Kind kind(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLiteException sqlite) {
                return switch (sqlite.getResultCode().code & 0xff) {
                    case SQLITE_FULL -> Kind.FULL;
                    case SQLITE_READONLY -> Kind.READ_ONLY;
                    case SQLITE_BUSY, SQLITE_LOCKED -> Kind.BUSY;
                    case SQLITE_CORRUPT, SQLITE_NOTADB -> Kind.DAMAGED;
                    default -> Kind.OTHER;
                };
            }
        }
        return Kind.OTHER;
    }
}

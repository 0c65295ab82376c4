package dev.nomaddeployer.store;

import dev.nomaddeployer.deploy.StoreException;
import dev.nomaddeployer.deploy.StoreException.Kind;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;

/**
 * Turns PostgreSQL's SQLSTATE codes (and the pool's "no connection") into what a failure means ({@link Kind})
 * and what the operator should do; never by the message text.
 */
final class PostgresFailures {
    private PostgresFailures() {}

    static StoreException classify(String what, SQLException e) {
        String state = stateOf(e);
        Kind kind = kind(e, state);
        String explained = switch (kind) {
            case UNAVAILABLE -> what + ": the database cannot be reached or ended the session (restarted, failed"
                    + " over, or the session was terminated); pushes are refused with 503 until it answers again";
            case FULL -> what + ": the database server's disk is full; pushes are refused with 503 until there is room";
            case READ_ONLY -> what + ": the database accepts no writes (a standby, or a read-only transaction)";
            case BUSY -> what + ": another transaction held a lock for longer than " + Database.BUSY_TIMEOUT_MILLIS
                    + " ms, or the database gave up on a conflict";
            case DAMAGED, REPLACED, OTHER -> what + explanation(state);
        };
        return new StoreException(explained + (state == null ? "" : " (SQLSTATE " + state + ")"), kind, e);
    }

    private static Kind kind(SQLException e, String state) {
        if (hasCause(e, SQLTransientConnectionException.class)) {
            return Kind.UNAVAILABLE; // the pool waited for a connection in vain
        }
        if (state == null) {
            return Kind.OTHER;
        }
        if (state.startsWith("08") || state.startsWith("57P") || state.equals("53300")) {
            return Kind.UNAVAILABLE; // connection exception, shutdown/terminated session, too many connections
        }
        return switch (state) {
            case "53100" -> Kind.FULL;
            case "25006" -> Kind.READ_ONLY;
            case "40001", "40P01", "55P03", "57014" -> Kind.BUSY; // serialization, deadlock, lock and statement time-outs
            default -> Kind.OTHER;
        };
    }

    private static String explanation(String state) {
        if (state == null) {
            return "";
        }
        return switch (state) {
            case "28000", "28P01" -> ": the database refused the login; check store.user and store.password";
            case "3D000" -> ": the database named in store.url does not exist";
            case "42501" -> ": store.user lacks a privilege the store needs (see docs/high-availability.md)";
            default -> "";
        };
    }

    /** The first SQLSTATE in the chain: the pool wraps the driver's exception. */
    private static String stateOf(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLException sql && sql.getSQLState() != null) {
                return sql.getSQLState();
            }
        }
        return null;
    }

    private static boolean hasCause(Throwable e, Class<? extends Throwable> type) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (type.isInstance(t)) {
                return true;
            }
        }
        return false;
    }
}

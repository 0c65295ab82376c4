package dev.nomaddeployer.store;

import dev.nomaddeployer.deploy.Deposed;
import dev.nomaddeployer.leadership.Fence;
import dev.nomaddeployer.leadership.Lease;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;

/**
 * SQL for the {@code leases} table: the lease itself ({@link JdbcLeases}) and the fence check every dispatching
 * write makes first, inside its own transaction.
 */
final class LeaseRows {
    /** The one lease: who may expand pushes and apply targets. */
    static final String DISPATCH = "dispatch";

    private LeaseRows() {}

    /**
     * Fails with {@link Deposed} unless the lease still has {@code fence}'s holder and epoch and has not expired,
     * and makes sure no acquisition can commit between this check and the commit of the write it guards. On
     * SQLite it is an update that changes nothing: a write takes the database's write lock before anything is
     * read (a read first would let another process commit in between and then fail the upgrade). On PostgreSQL
     * it is a {@code SELECT … FOR SHARE}: the row lock blocks an acquisition's update until this transaction ends,
     * without writing a new version of the one lease row for every fenced write (an update there left thousands of
     * dead versions of that row within a burst, and each later check walked them).
     */
    static void requireHeld(Dialect dialect, Connection c, Fence fence, Instant now) throws SQLException {
        String where = " WHERE name = ? AND holder = ? AND epoch = ? AND expires_at > ?";
        boolean postgres = dialect == Dialect.POSTGRESQL;
        try (PreparedStatement check = c.prepareStatement(postgres
                ? "SELECT 1 FROM leases" + where + " FOR SHARE"
                : "UPDATE leases SET holder = holder" + where)) {
            check.setString(1, DISPATCH);
            check.setString(2, fence.replica());
            check.setLong(3, fence.epoch());
            check.setLong(4, now.toEpochMilli());
            boolean held;
            if (postgres) {
                try (ResultSet row = check.executeQuery()) {
                    held = row.next();
                }
            } else {
                held = check.executeUpdate() == 1;
            }
            if (!held) {
                throw new Deposed(fence);
            }
        }
    }

    /** Takes the write lock (SQLite) or the row lock (PostgreSQL) before the lease is read and decided on. */
    static void lock(Connection c) throws SQLException {
        try (PreparedStatement lock = c.prepareStatement("UPDATE leases SET holder = holder WHERE name = ?")) {
            lock.setString(1, DISPATCH);
            lock.executeUpdate();
        }
    }

    static Lease read(Connection c) throws SQLException {
        try (PreparedStatement select = c.prepareStatement(
                "SELECT holder, epoch, acquired_at, expires_at FROM leases WHERE name = ?")) {
            select.setString(1, DISPATCH);
            try (ResultSet row = select.executeQuery()) {
                if (!row.next()) {
                    throw new SQLException("the leases table has no row " + DISPATCH);
                }
                return new Lease(row.getString("holder"), row.getLong("epoch"),
                        Instant.ofEpochMilli(row.getLong("acquired_at")), Instant.ofEpochMilli(row.getLong("expires_at")));
            }
        }
    }

    /** Writes {@code next} over {@code read}, the row as this transaction read it; false if it changed since. */
    static boolean replace(Connection c, Lease read, Lease next) throws SQLException {
        try (PreparedStatement update = c.prepareStatement("""
                UPDATE leases SET holder = ?, epoch = ?, acquired_at = ?, expires_at = ?
                WHERE name = ? AND holder = ? AND epoch = ?""")) {
            update.setString(1, next.holder());
            update.setLong(2, next.epoch());
            update.setLong(3, next.acquiredAt().toEpochMilli());
            update.setLong(4, next.expiresAt().toEpochMilli());
            update.setString(5, DISPATCH);
            update.setString(6, read.holder());
            update.setLong(7, read.epoch());
            return update.executeUpdate() == 1;
        }
    }
}

package dev.nomaddeployer.store;

import dev.nomaddeployer.deploy.StoreException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Copies everything one store holds into another, empty one, for moving a single instance from its SQLite file
 * to a PostgreSQL database shared by replicas (or back). Both are first brought to the same schema, so the copy
 * is table by table, row by row, in one transaction on the receiving side: all of it arrives, or none.
 */
public final class StoreCopy {
    /** The tables with data worth moving; leadership is not among them (the new store elects afresh). */
    static final List<String> TABLES = List.of("events", "targets", "history", "known_jobs", "rollouts",
            "rollout_changes", "protected_tags", "job_pauses", "notices", "notice_sinks", "notice_deliveries");
    /** Columns whose values the receiving database generates; they are copied as they are and the generator moved on. */
    private static final Map<String, String> GENERATED = Map.of("events", "seq", "history", "id", "rollouts", "id",
            "notices", "id");
    private static final int BATCH = 500;

    private StoreCopy() {}

    /** Rows copied, per table, in copy order. */
    public record Copied(Map<String, Integer> rows) {}

    /** @throws StoreException when {@code to} already holds data, or either store fails */
    public static Copied copy(Database from, Database to) {
        Map<String, Integer> already = to.read(StoreCopy::rowCounts);
        already.values().removeIf(count -> count == 0);
        if (!already.isEmpty()) {
            throw new StoreException("the store to copy into (" + to.location() + ") already holds data " + already
                    + "; copy only into a new, empty store", null);
        }
        return to.inTransaction(target -> from.read(source -> {
            Map<String, Integer> rows = new LinkedHashMap<>();
            for (String table : TABLES) {
                rows.put(table, copyTable(table, source, target, to.dialect() == Dialect.POSTGRESQL));
            }
            return new Copied(rows);
        }));
    }

    private static Map<String, Integer> rowCounts(Connection c) throws SQLException {
        Map<String, Integer> counts = new LinkedHashMap<>();
        for (String table : TABLES) {
            counts.put(table, JdbcInbox.count(c, "SELECT count(*) FROM " + table));
        }
        return counts;
    }

    private static int copyTable(String table, Connection source, Connection target, boolean postgres)
            throws SQLException {
        int copied = 0;
        try (Statement select = source.createStatement(); ResultSet rows = select.executeQuery("SELECT * FROM " + table)) {
            ResultSetMetaData meta = rows.getMetaData();
            List<String> columns = new ArrayList<>();
            for (int i = 1; i <= meta.getColumnCount(); i++) {
                columns.add(meta.getColumnName(i).toLowerCase(java.util.Locale.ROOT));
            }
            String generated = GENERATED.get(table);
            // An identity column takes a given value only when told to (PostgreSQL); SQLite takes it as it is.
            String overriding = postgres && generated != null ? " OVERRIDING SYSTEM VALUE" : "";
            String insert = "INSERT INTO " + table + " (" + String.join(", ", columns) + ")" + overriding
                    + " VALUES (" + String.join(", ", columns.stream().map(c -> "?").toList()) + ")";
            try (PreparedStatement write = target.prepareStatement(insert)) {
                while (rows.next()) {
                    for (int i = 1; i <= columns.size(); i++) {
                        write.setObject(i, rows.getObject(i));
                    }
                    write.addBatch();
                    if (++copied % BATCH == 0) {
                        write.executeBatch();
                    }
                }
                write.executeBatch();
            }
            if (postgres && generated != null && copied > 0) {
                try (Statement move = target.createStatement()) {
                    // The next generated value follows the copied ones: new events and decisions keep counting up.
                    move.execute("SELECT setval(pg_get_serial_sequence('" + table + "', '" + generated + "'), (SELECT max("
                            + generated + ") FROM " + table + "))");
                }
            }
        }
        return copied;
    }
}

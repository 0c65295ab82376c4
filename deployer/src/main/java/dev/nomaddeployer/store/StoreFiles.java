package dev.nomaddeployer.store;

import dev.nomaddeployer.deploy.StoreException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Objects;

/**
 * The files an open SQLite store writes to: the database and its write-ahead log. Deleting or replacing them
 * does not stop SQLite, which keeps writing to the unlinked files; every commit would then be acknowledged and
 * lost on restart. So before each commit their identity (device and inode) is compared with the one opened.
 */
final class StoreFiles {
    private final Path database;
    private final Object databaseKey;
    private Object walKey;

    private StoreFiles(Path database, Object databaseKey) {
        this.database = database;
        this.databaseKey = databaseKey;
    }

    /** The files behind {@code connection}'s main database; nothing to watch for an in-memory store. */
    static StoreFiles of(Connection connection) throws SQLException {
        String file = "";
        try (Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("PRAGMA database_list")) {
            while (rows.next()) {
                if ("main".equals(rows.getString("name"))) {
                    file = Objects.requireNonNullElse(rows.getString("file"), "");
                }
            }
        }
        if (file.isEmpty()) {
            return new StoreFiles(null, null);
        }
        Path path = Path.of(file);
        try {
            return new StoreFiles(path, key(path));
        } catch (IOException e) {
            throw new SQLException("cannot read the attributes of store file " + path, e);
        }
    }

    /** @throws StoreException of kind REPLACED when the database or its log is gone or another file */
    void checkUnchanged() {
        if (database == null) {
            return;
        }
        Path wal = Path.of(database + "-wal");
        try {
            if (!Objects.equals(key(database), databaseKey)) {
                throw replaced(database + " was replaced by another file");
            }
        } catch (NoSuchFileException e) {
            throw replaced(database + " was deleted");
        } catch (IOException e) {
            throw replaced(database + " cannot be checked (" + e + ")");
        }
        try {
            Object current = key(wal);
            if (walKey == null) {
                walKey = current;
            } else if (!Objects.equals(current, walKey)) {
                throw replaced(wal + " (its write-ahead log) was replaced by another file");
            }
        } catch (NoSuchFileException e) {
            if (walKey != null) {
                throw replaced(wal + " (its write-ahead log) was deleted");
            }
        } catch (IOException e) {
            throw replaced(wal + " cannot be checked (" + e + ")");
        }
    }

    private static StoreException replaced(String what) {
        return new StoreException("store file " + what + " while the service was running: what it committed since"
                + " is lost on restart, so pushes are refused with 503; restore the file or restart the service"
                + " (which starts a new store, without the pushes that were in the old one)",
                StoreException.Kind.REPLACED, null);
    }

    private static Object key(Path path) throws IOException {
        BasicFileAttributes attributes = Files.readAttributes(path, BasicFileAttributes.class);
        // Without a file key (some file systems), at least a file that vanished is noticed.
        return attributes.fileKey() == null ? "present" : attributes.fileKey();
    }
}

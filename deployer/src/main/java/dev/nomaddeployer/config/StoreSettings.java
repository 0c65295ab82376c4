package dev.nomaddeployer.config;

import java.nio.file.Path;
import java.util.Optional;

/**
 * @param url      a JDBC URL that, when present, is used instead of the SQLite file at {@code path}
 * @param user     the database user for a server store (PostgreSQL), unless the URL names one
 * @param password that user's password (a secret: from {@code store.password_file} or the environment)
 */
public record StoreSettings(Path path, Optional<String> url, Optional<String> user, Optional<String> password) {

    /** A SQLite file store (tests, tools). */
    public StoreSettings(Path path, Optional<String> url) {
        this(path, url, Optional.empty(), Optional.empty());
    }

    public String jdbcUrl() {
        return url.orElse("jdbc:sqlite:" + path);
    }
}

package dev.nomaddeployer.config;

import java.nio.file.Path;
import java.util.Optional;

/** @param url a JDBC URL that, when present, is used instead of the SQLite file at {@code path} */
public record StoreSettings(Path path, Optional<String> url) {

    public String jdbcUrl() {
        return url.orElse("jdbc:sqlite:" + path);
    }
}

package dev.nomaddeployer.bench;

import java.util.Locale;

/** Which store the service runs on: its default SQLite file, or the PostgreSQL database replicas share. */
public enum StoreKind {
    SQLITE, POSTGRESQL;

    static StoreKind parse(String text) {
        return switch (text) {
            case "sqlite" -> SQLITE;
            case "postgresql" -> POSTGRESQL;
            default -> throw new IllegalArgumentException("--store must be sqlite or postgresql; got \"" + text + "\"");
        };
    }

    String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}

package dev.nomaddeployer.store;

import java.util.Locale;

/** Which database a store is; decided once, by which {@link Database} opened it. */
public enum Dialect {
    SQLITE, POSTGRESQL;

    /** As the status API names the store: {@code sqlite}, {@code postgresql}. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}

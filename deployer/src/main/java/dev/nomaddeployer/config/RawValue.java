package dev.nomaddeployer.config;

import java.util.List;
import java.util.Map;

/**
 * A value as a source gave it, before it is checked: a {@code String}, a {@code List<String>} (file lists), or for
 * {@code jobs} a {@code Map<String, List<String>>}. Checking happens in one place ({@link SettingsBinder}) so all
 * sources get the same rules and the same messages.
 */
record RawValue(Object value, Source source) {

    RawValue {
        if (!(value instanceof String || value instanceof List<?> || value instanceof Map<?, ?>)) {
            throw new IllegalArgumentException("unsupported raw value type " + value.getClass());
        }
    }
}

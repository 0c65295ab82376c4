package dev.nomaddeployer.testbed.postgres;

import java.util.regex.Pattern;

/**
 * How names and values go into the administrative SQL. Names are limited to what needs no quoting in
 * PostgreSQL (lower case, at most 63 bytes), so a role's name is also the name of its schema in the default
 * {@code search_path} ({@code "$user"}); they are quoted anyway.
 */
final class SqlNames {
    private static final Pattern NAME = Pattern.compile("[a-z_][a-z0-9_]{0,62}");

    private SqlNames() {
    }

    /** {@code name} itself, once checked to be a plain name. */
    static String plain(String name) {
        if (!NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("'" + name + "' is not a plain PostgreSQL name ([a-z_][a-z0-9_]*, at most 63 characters)");
        }
        return name;
    }

    static String identifier(String name) {
        return "\"" + plain(name) + "\"";
    }

    /** A string literal (standard_conforming_strings is on by default: only quotes are special). */
    static String literal(String value) {
        if (value.indexOf('\0') >= 0) {
            throw new IllegalArgumentException("a PostgreSQL string cannot contain NUL");
        }
        return "'" + value.replace("'", "''") + "'";
    }

    /** A value in postgresql.conf, where a quoted string also reads backslash escapes. */
    static String configValue(String value) {
        return "'" + value.replace("\\", "\\\\").replace("'", "''") + "'";
    }
}

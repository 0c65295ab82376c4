package dev.nomaddeployer.config;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds the line of each key in a TOML file by scanning table headers and {@code key =} lines, because Jackson's
 * TOML parser builds a tree first and reports no positions. A key it cannot place (inside an inline table) gets the
 * line of its closest placed parent; 0 if none.
 */
final class TomlLineIndex {

    private static final String KEY_PART = "(?:[A-Za-z0-9_-]+|\"(?:[^\"\\\\]|\\\\.)*\"|'[^']*')";
    private static final String DOTTED_KEY = KEY_PART + "(?:\\s*\\.\\s*" + KEY_PART + ")*";
    private static final Pattern TABLE = Pattern.compile("^\\s*\\[\\[?\\s*(" + DOTTED_KEY + ")\\s*]]?\\s*(#.*)?$");
    private static final Pattern ASSIGNMENT = Pattern.compile("^\\s*(" + DOTTED_KEY + ")\\s*=");
    private static final Pattern PART = Pattern.compile(KEY_PART);

    private final Map<String, Integer> lines = new HashMap<>();

    TomlLineIndex(String text) {
        String table = "";
        boolean inMultilineString = false;
        List<String> all = text.lines().toList();
        for (int i = 0; i < all.size(); i++) {
            String line = all.get(i);
            int quotes = count(line, "\"\"\"") + count(line, "'''");
            if (inMultilineString) {
                inMultilineString = quotes % 2 == 0;
                continue;
            }
            if (quotes % 2 == 1) {
                inMultilineString = true;
            }
            Matcher header = TABLE.matcher(line);
            if (header.matches()) {
                table = normalise(header.group(1));
                lines.putIfAbsent(table, i + 1);
                continue;
            }
            Matcher assignment = ASSIGNMENT.matcher(line);
            if (assignment.find()) {
                String key = normalise(assignment.group(1));
                lines.putIfAbsent(table.isEmpty() ? key : table + "." + key, i + 1);
            }
        }
    }

    int lineOf(String dottedKey) {
        String key = dottedKey.toLowerCase(Locale.ROOT);
        while (true) {
            Integer line = lines.get(key);
            if (line != null) {
                return line;
            }
            int dot = key.lastIndexOf('.');
            if (dot < 0) {
                return 0;
            }
            key = key.substring(0, dot);
        }
    }

    private static String normalise(String dottedKey) {
        List<String> parts = new ArrayList<>();
        Matcher part = PART.matcher(dottedKey);
        while (part.find()) {
            String p = part.group();
            if (p.startsWith("\"") || p.startsWith("'")) {
                p = p.substring(1, p.length() - 1);
            }
            parts.add(p.toLowerCase(Locale.ROOT));
        }
        return String.join(".", parts);
    }

    private static int count(String line, String token) {
        int n = 0;
        for (int at = line.indexOf(token); at >= 0; at = line.indexOf(token, at + token.length())) {
            n++;
        }
        return n;
    }
}

package dev.nomaddeployer.config;

import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The line each key of one config file is written on, for messages and {@code --print-config}. Jackson reports
 * positions for JSON and YAML; its TOML parser and hcl4j report none, so for those two a scan of the text finds
 * {@code key =} lines, TOML table headers and HCL blocks. The HCL scan also checks that braces and brackets
 * balance, because hcl4j accepts an unclosed block and silently moves its keys to the top level.
 */
final class KeyLines {

    // strings (multi-line first), comments, heredocs, newlines, punctuation, then bare words
    private static final Pattern TOKEN = Pattern.compile("\"\"\"[\\s\\S]*?\"\"\"|'''[\\s\\S]*?'''"
            + "|\"(?:[^\"\\\\\\n]|\\\\.)*\"?|'[^'\\n]*'|#[^\\n]*|//[^\\n]*|/\\*[\\s\\S]*?(?:\\*/|\\z)"
            + "|<<-?(\\w+)\\n[\\s\\S]*?\\n\\s*\\1(?=\\s|\\z)|\\n|[{}\\[\\]=,]|[^\\s{}\\[\\]=,\"'#]+");

    private final Path file;
    private final Map<String, Integer> lines = new HashMap<>();
    private final List<String> warnings = new ArrayList<>();

    KeyLines(Path file) {
        this.file = file;
    }

    /** Records where a key is written; a second time means the later one wins, with a warning. */
    void record(String dottedKey, int line) {
        String key = dottedKey.toLowerCase(Locale.ROOT);
        Integer previous = lines.put(key, line);
        if (previous != null && previous != line && !key.startsWith(SettingsTable.JOBS_MAP.name() + ".")) {
            warnings.add(key + " is set twice in " + file + " (file " + file + " line " + previous + " and line "
                    + line + "); the later one is used");
        }
    }

    /** The line of the key, else of its closest recorded parent (a key inside a TOML inline table); 0 if none. */
    int lineOf(String dottedKey) {
        String key = dottedKey.toLowerCase(Locale.ROOT);
        for (int dot = key.length(); dot > 0; dot = key.lastIndexOf('.', dot - 1)) {
            Integer line = lines.get(key.substring(0, dot));
            if (line != null) {
                return line;
            }
        }
        return 0;
    }

    List<String> warnings() {
        return List.copyOf(warnings);
    }

    void scanToml(String text) {
        try {
            scan(text, true);
        } catch (ConfigException e) {
            // Jackson has already accepted the file; a scan that cannot follow it only loses line numbers
        }
    }

    void scanHcl(String text) throws ConfigException {
        scan(text, false);
    }

    private record Open(String bracket, int line, boolean named) {
    }

    private void scan(String text, boolean toml) throws ConfigException {
        List<String> path = new ArrayList<>();
        Deque<Open> open = new ArrayDeque<>();
        List<String> previous = new ArrayList<>(); // significant tokens since the last newline
        String table = "";
        Map<String, Integer> arrayTables = new HashMap<>();
        int line = 1;
        Matcher m = TOKEN.matcher(text);
        while (m.find()) {
            String t = m.group();
            int tokenLine = line;
            line += (int) t.chars().filter(c -> c == '\n').count();
            if (t.equals("\n")) {
                previous.clear();
                continue;
            }
            if (t.startsWith("#") || t.startsWith("//") || t.equals(",")) {
                continue;
            }
            if (t.startsWith("/*") && !t.endsWith("*/") || t.startsWith("\"") && (t.length() < 2 || !t.endsWith("\""))) {
                throw ConfigFileReader.cannotParse(file, tokenLine,
                        (t.startsWith("/*") ? "comment" : "string") + " is never closed");
            }
            boolean inArray = !open.isEmpty() && open.peek().bracket.equals("[");
            if (toml && t.equals("[") && open.isEmpty() && previous.isEmpty() && text.startsWith("[", m.end())) {
                // [[notify.sinks]]: one table of an array; its keys are values of the list, not settings
                int close = text.indexOf("]]", m.end());
                String array = name(text.substring(m.end() + 1, close < 0 ? m.end() + 1 : close));
                int index = arrayTables.merge(array, 1, Integer::sum) - 1;
                if (index == 0) {
                    record(array, tokenLine);
                }
                table = array + "." + index;
                m.region(close < 0 ? text.length() : close + 2, text.length());
                previous.add("]");
                continue;
            }
            if (toml && t.equals("[") && open.isEmpty() && previous.isEmpty()) {
                int close = text.indexOf(']', m.end());
                table = name(text.substring(m.end(), close < 0 ? m.end() : close).replace("[", ""));
                record(table, tokenLine);
                m.region(close < 0 ? text.length() : close + 1, text.length());
                previous.add("]");
                continue;
            }
            if (t.equals("{") || t.equals("[")) {
                String name = t.equals("{") && !inArray ? nameBefore(previous) : null;
                if (name != null) {
                    path.add(name);
                }
                open.push(new Open(t, tokenLine, name != null));
            } else if (t.equals("}") || t.equals("]")) {
                if (open.isEmpty() || open.peek().bracket.equals("{") != t.equals("}")) {
                    throw ConfigFileReader.cannotParse(file, tokenLine, "unexpected " + t);
                }
                if (open.pop().named) {
                    path.remove(path.size() - 1);
                }
            } else if (t.equals("=") && open.stream().noneMatch(o -> o.bracket.equals("[")) && !previous.isEmpty()
                    && isName(last(previous))) {
                // (a key inside a list, as in sinks = [{ name = "a" }], is a value of that list, not a setting)
                List<String> full = new ArrayList<>(path);
                full.add(name(last(previous)));
                String key = String.join(".", full);
                record(table.isEmpty() ? key : table + "." + key, tokenLine);
            }
            previous.add(t);
        }
        if (!open.isEmpty()) {
            Open unclosed = open.peek();
            throw ConfigFileReader.cannotParse(file, 0, unclosed.bracket + " opened on line " + unclosed.line
                    + " is never closed");
        }
    }

    /** The name a { opens: {@code jobs = {}, {@code nomad {} or {@code nomad "x" {} (hcl4j nests labels). */
    private static String nameBefore(List<String> previous) {
        if (!previous.isEmpty() && last(previous).equals("=")) {
            return previous.size() > 1 && isName(previous.get(previous.size() - 2))
                    ? name(previous.get(previous.size() - 2)) : null;
        }
        List<String> labels = new ArrayList<>();
        for (int i = previous.size() - 1; i >= 0 && isName(previous.get(i)); i--) {
            labels.add(0, name(previous.get(i)));
        }
        return labels.isEmpty() ? null : String.join(".", labels);
    }

    private static boolean isName(String token) {
        char c = token.charAt(0);
        return Character.isLetter(c) || c == '_' || c == '"' || c == '\'';
    }

    /** A key as written, quotes removed: {@code "team/app"}, {@code timeout.read}, {@code nomad.tls}. */
    private static String name(String written) {
        return written.strip().replaceAll("\\s*\\.\\s*", ".").replace("\"", "").replace("'", "");
    }

    private static String last(List<String> tokens) {
        return tokens.get(tokens.size() - 1);
    }
}

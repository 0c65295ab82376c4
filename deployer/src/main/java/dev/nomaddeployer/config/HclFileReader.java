package dev.nomaddeployer.config;

import com.bertramlabs.plugins.hcl4j.HCLParser;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * HCL through hcl4j. hcl4j is lenient (an unclosed block silently moves its keys to the top level), so a small
 * scan of the text first checks that braces and brackets balance, and records the line of each key on the way.
 */
final class HclFileReader {

    void read(String text, FileEntries into) throws ConfigException {
        Map<String, Integer> lines = scan(text, into);
        Map<String, Object> tree;
        try {
            tree = new HCLParser().parse(text);
        } catch (Exception e) { // hcl4j wraps some parse errors in RuntimeException
            Throwable cause = e.getCause() != null && e instanceof RuntimeException ? e.getCause() : e;
            throw new ConfigException("cannot parse config file " + into.file() + ": "
                    + ParserMessages.redact(cause.getMessage()));
        }
        flatten(tree, "", into, lines);
    }

    private static void flatten(Map<?, ?> map, String prefix, FileEntries into, Map<String, Integer> lines)
            throws ConfigException {
        for (Map.Entry<?, ?> entry : map.entrySet()) {
            String key = prefix + entry.getKey();
            Object value = entry.getValue();
            boolean isJobs = key.equalsIgnoreCase(SettingKeys.JOBS_KEY);
            if (value instanceof Map<?, ?> nested && !isJobs) {
                flatten(nested, key + ".", into, lines);
            } else if (value instanceof List<?> list && !list.isEmpty()
                    && list.stream().allMatch(item -> item instanceof Map<?, ?>)) {
                // a block written twice (log { ... } log { ... }) arrives as a list of maps
                for (Object block : list) {
                    if (isJobs) {
                        into.add(key, block, lineOf(lines, key));
                    } else {
                        flatten((Map<?, ?>) block, key + ".", into, lines);
                    }
                }
            } else {
                into.add(key, value, lineOf(lines, key));
            }
        }
    }

    private static int lineOf(Map<String, Integer> lines, String key) {
        Integer line = lines.get(key.toLowerCase(Locale.ROOT));
        return line == null ? 0 : line;
    }

    /** Checks nesting and maps each dotted key path to the line it is written on. */
    private static Map<String, Integer> scan(String text, FileEntries into) throws ConfigException {
        Map<String, Integer> lines = new HashMap<>();
        List<Token> tokens = tokens(text, into);
        List<String> path = new ArrayList<>();
        List<Token> open = new ArrayList<>(); // the opening { or [ of each enclosing level
        List<Boolean> named = new ArrayList<>(); // whether that level added a name to path
        for (int i = 0; i < tokens.size(); i++) {
            Token t = tokens.get(i);
            switch (t.text) {
                case "{", "[" -> {
                    String name = nameBefore(tokens, i);
                    boolean inArray = !open.isEmpty() && open.get(open.size() - 1).text.equals("[");
                    boolean addsName = t.text.equals("{") && name != null && !inArray;
                    if (addsName) {
                        path.add(name);
                    }
                    open.add(t);
                    named.add(addsName);
                }
                case "}", "]" -> {
                    String expected = t.text.equals("}") ? "{" : "[";
                    if (open.isEmpty() || !open.get(open.size() - 1).text.equals(expected)) {
                        throw new ConfigException("cannot parse config file " + into.file() + " line " + t.line
                                + ": unexpected " + t.text);
                    }
                    open.remove(open.size() - 1);
                    if (named.remove(named.size() - 1)) {
                        path.remove(path.size() - 1);
                    }
                }
                case "=" -> {
                    boolean inArray = !open.isEmpty() && open.get(open.size() - 1).text.equals("[");
                    if (i > 0 && tokens.get(i - 1).isName() && !inArray) {
                        List<String> full = new ArrayList<>(path);
                        full.add(tokens.get(i - 1).name());
                        lines.putIfAbsent(String.join(".", full).toLowerCase(Locale.ROOT), tokens.get(i - 1).line);
                    }
                }
                default -> {
                    // names and values only matter next to = and {
                }
            }
        }
        if (!open.isEmpty()) {
            Token unclosed = open.get(open.size() - 1);
            throw new ConfigException("cannot parse config file " + into.file() + ": " + unclosed.text
                    + " opened on line " + unclosed.line + " is never closed");
        }
        return lines;
    }

    /** The block name before a {: {@code nomad {}, {@code nomad "x" {} (hcl4j nests labels) or {@code jobs = {}. */
    private static String nameBefore(List<Token> tokens, int brace) {
        int j = brace - 1;
        if (j >= 0 && tokens.get(j).text.equals("=")) {
            return j >= 1 && tokens.get(j - 1).isName() ? tokens.get(j - 1).name() : null;
        }
        List<String> labels = new ArrayList<>();
        while (j >= 0 && tokens.get(j).isName() && tokens.get(j).line == tokens.get(brace).line) {
            labels.add(0, tokens.get(j).name());
            j--;
        }
        return labels.isEmpty() ? null : String.join(".", labels);
    }

    private record Token(String text, int line) {
        boolean isName() {
            return text.startsWith("\"") || Character.isLetter(text.charAt(0)) || text.charAt(0) == '_';
        }

        String name() {
            return text.startsWith("\"") ? text.substring(1, text.length() - 1) : text;
        }
    }

    private static List<Token> tokens(String text, FileEntries into) throws ConfigException {
        List<Token> tokens = new ArrayList<>();
        int line = 1;
        int i = 0;
        while (i < text.length()) {
            char c = text.charAt(i);
            if (c == '\n') {
                line++;
                i++;
            } else if (Character.isWhitespace(c) || c == ',') {
                i++;
            } else if (c == '#' || (c == '/' && text.startsWith("//", i))) {
                while (i < text.length() && text.charAt(i) != '\n') {
                    i++;
                }
            } else if (c == '/' && text.startsWith("/*", i)) {
                int end = text.indexOf("*/", i + 2);
                if (end < 0) {
                    throw new ConfigException("cannot parse config file " + into.file() + " line " + line
                            + ": comment is never closed");
                }
                line += (int) text.substring(i, end).chars().filter(ch -> ch == '\n').count();
                i = end + 2;
            } else if (c == '"') {
                int start = i++;
                while (i < text.length() && text.charAt(i) != '"' && text.charAt(i) != '\n') {
                    i += text.charAt(i) == '\\' ? 2 : 1;
                }
                if (i >= text.length() || text.charAt(i) != '"') {
                    throw new ConfigException("cannot parse config file " + into.file() + " line " + line
                            + ": string is never closed");
                }
                tokens.add(new Token(text.substring(start, ++i), line));
            } else if (c == '<' && text.startsWith("<<", i)) {
                // heredoc: skip to the closing marker so its body is not read as structure
                int eol = text.indexOf('\n', i);
                String marker = (eol < 0 ? text.substring(i + 2) : text.substring(i + 2, eol)).replace("-", "").strip();
                int end = eol < 0 ? -1 : text.indexOf("\n" + marker, eol);
                int stop = end < 0 ? text.length() : end + 1 + marker.length();
                line += (int) text.substring(i, stop).chars().filter(ch -> ch == '\n').count();
                tokens.add(new Token("<<heredoc", line));
                i = stop;
            } else if ("{}[]=".indexOf(c) >= 0) {
                tokens.add(new Token(String.valueOf(c), line));
                i++;
            } else {
                int start = i;
                while (i < text.length() && !Character.isWhitespace(text.charAt(i))
                        && "{}[]=,\"#".indexOf(text.charAt(i)) < 0) {
                    i++;
                }
                tokens.add(new Token(text.substring(start, i), line));
            }
        }
        return tokens;
    }
}

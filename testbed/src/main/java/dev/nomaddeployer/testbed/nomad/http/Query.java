package dev.nomaddeployer.testbed.nomad.http;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The decoded query string; Go's `Query().Get` returns the first value of a repeated parameter. */
record Query(Map<String, List<String>> values) {

    static Query parse(String raw) {
        Map<String, List<String>> values = new LinkedHashMap<>();
        if (raw != null && !raw.isEmpty()) {
            for (String pair : raw.split("&")) {
                if (pair.isEmpty()) {
                    continue;
                }
                int eq = pair.indexOf('=');
                String key = decode(eq < 0 ? pair : pair.substring(0, eq));
                String value = eq < 0 ? "" : decode(pair.substring(eq + 1));
                values.computeIfAbsent(key, k -> new ArrayList<>()).add(value);
            }
        }
        return new Query(values);
    }

    private static String decode(String s) {
        try {
            return URLDecoder.decode(s, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return s;
        }
    }

    boolean has(String key) {
        return values.containsKey(key);
    }

    String get(String key) {
        List<String> list = values.get(key);
        return list == null ? null : list.get(0);
    }

    String getOr(String key, String fallback) {
        String v = get(key);
        return v == null || v.isEmpty() ? fallback : v;
    }

    List<String> all(String key) {
        return values.getOrDefault(key, List.of());
    }

    /** The agent's parseBool-ish flags: present and not false/0. */
    boolean flag(String key) {
        String v = get(key);
        return v != null && (v.isEmpty() || Boolean.parseBoolean(v) || v.equals("1"));
    }
}

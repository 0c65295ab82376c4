package dev.nomaddeployer.testbed.nomad.state;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * A subset of hashicorp/go-bexpr, evaluated against the full job JSON: {@code ==}, {@code !=},
 * {@code contains}, {@code not contains}, {@code in}, {@code not in}, {@code is empty},
 * {@code is not empty}, {@code and}, {@code or}, {@code not} and parentheses over dotted selectors.
 * Anything else is a parse error, so a filter is never silently ignored.
 */
final class BexprFilter {

    /** Thrown while parsing (`failed to read filter expression`). */
    static final class ParseError extends RuntimeException {
        ParseError(String message) {
            super(message, null, false, false);
        }
    }

    /** Thrown while evaluating against a job (`failed to read result page`). */
    static final class EvalError extends RuntimeException {
        EvalError(String message) {
            super(message, null, false, false);
        }
    }

    private final List<String> tokens = new ArrayList<>();
    private final List<Integer> offsets = new ArrayList<>();
    private final String text;
    private int pos;

    private BexprFilter(String text) {
        this.text = text;
        tokenize();
    }

    static Predicate<JsonNode> parse(String expression) {
        BexprFilter parser = new BexprFilter(expression);
        Predicate<JsonNode> p = parser.or();
        if (parser.pos < parser.tokens.size()) {
            throw parser.error();
        }
        return p;
    }

    private void tokenize() {
        int i = 0;
        while (i < text.length()) {
            char c = text.charAt(i);
            if (Character.isWhitespace(c)) {
                i++;
                continue;
            }
            int start = i;
            if (c == '"' || c == '`') {
                int end = text.indexOf(c, i + 1);
                if (end < 0) {
                    throw new ParseError(position(i) + ": no match found, expected: " + c);
                }
                i = end + 1;
            } else if (c == '=' || c == '!') {
                if (i + 1 >= text.length() || text.charAt(i + 1) != '=') {
                    throw new ParseError(position(i) + ": no match found, expected: \"!=\" or \"==\"");
                }
                i += 2;
            } else if (c == '(' || c == ')') {
                i++;
            } else {
                while (i < text.length() && (Character.isLetterOrDigit(text.charAt(i))
                        || "._-/".indexOf(text.charAt(i)) >= 0)) {
                    i++;
                }
                if (i == start) {
                    throw new ParseError(position(i) + ": no match found, expected: [a-zA-Z0-9_/]");
                }
            }
            tokens.add(text.substring(start, i));
            offsets.add(start);
        }
    }

    private String position(int offset) {
        return "1:" + (offset + 1) + " (" + offset + ")";
    }

    private ParseError error() {
        int offset = pos < offsets.size() ? offsets.get(pos) : text.length();
        return new ParseError(position(offset) + ": no match found, expected: \"!=\", \"==\", \"contains\", "
                + "\"in\", \"is\", \"not\", \"and\", \"or\" or end of input");
    }

    private String peek() {
        return pos < tokens.size() ? tokens.get(pos) : null;
    }

    private String take() {
        if (pos >= tokens.size()) {
            throw error();
        }
        return tokens.get(pos++);
    }

    private Predicate<JsonNode> or() {
        Predicate<JsonNode> left = and();
        while ("or".equals(peek())) {
            pos++;
            left = left.or(and());
        }
        return left;
    }

    private Predicate<JsonNode> and() {
        Predicate<JsonNode> left = not();
        while ("and".equals(peek())) {
            pos++;
            left = left.and(not());
        }
        return left;
    }

    private Predicate<JsonNode> not() {
        if ("not".equals(peek())) {
            pos++;
            return not().negate();
        }
        if ("(".equals(peek())) {
            pos++;
            Predicate<JsonNode> inner = or();
            if (!")".equals(take())) {
                pos--;
                throw error();
            }
            return inner;
        }
        return match();
    }

    private Predicate<JsonNode> match() {
        String first = take();
        if (isLiteral(first) && ("in".equals(peek()) || "not".equals(peek()))) {
            boolean negate = "not".equals(take());
            if (negate && !"in".equals(take())) {
                pos--;
                throw error();
            }
            String selector = selector(take());
            Predicate<JsonNode> p = job -> contains(resolve(job, selector), literal(first));
            return negate ? p.negate() : p;
        }
        String selector = selector(first);
        String op = take();
        switch (op) {
            case "==":
                return equalsLiteral(selector, value(take()));
            case "!=":
                return equalsLiteral(selector, value(take())).negate();
            case "contains": {
                String v = value(take());
                return job -> contains(resolve(job, selector), v);
            }
            case "not": {
                if (!"contains".equals(take())) {
                    pos--;
                    throw error();
                }
                String v = value(take());
                return job -> !contains(resolve(job, selector), v);
            }
            case "is": {
                boolean negate = "not".equals(peek());
                if (negate) {
                    pos++;
                }
                if (!"empty".equals(take())) {
                    pos--;
                    throw error();
                }
                Predicate<JsonNode> empty = job -> isEmpty(resolve(job, selector));
                return negate ? empty.negate() : empty;
            }
            default:
                pos--;
                throw error();
        }
    }

    private String selector(String token) {
        if (isLiteral(token) || List.of("and", "or", "not", "(", ")", "==", "!=").contains(token)) {
            pos--;
            throw error();
        }
        return token;
    }

    private String value(String token) {
        if (List.of("and", "or", "(", ")", "==", "!=").contains(token)) {
            pos--;
            throw error();
        }
        return literal(token);
    }

    private static boolean isLiteral(String token) {
        return token.startsWith("\"") || token.startsWith("`");
    }

    private static String literal(String token) {
        return isLiteral(token) ? token.substring(1, token.length() - 1) : token;
    }

    private static Predicate<JsonNode> equalsLiteral(String selector, String value) {
        return job -> {
            JsonNode node = resolve(job, selector);
            return node != null && !node.isNull() && !node.isContainerNode() && node.asText().equals(value);
        };
    }

    /** Top-level names must be job fields (as in bexpr); below that a missing key is simply no value. */
    private static JsonNode resolve(JsonNode job, String selector) {
        String[] parts = selector.split("\\.");
        if (!job.has(parts[0])) {
            throw new EvalError("error finding value in datum: /" + parts[0]
                    + " at part 0: couldn't find key: struct field with name \"" + parts[0] + "\"");
        }
        JsonNode node = job;
        for (String part : parts) {
            node = node == null ? null : node.get(part);
        }
        return node;
    }

    private static boolean contains(JsonNode node, String value) {
        if (node == null || node.isNull()) {
            return false;
        }
        if (node.isArray()) {
            for (JsonNode item : node) {
                if (item.asText().equals(value)) {
                    return true;
                }
            }
            return false;
        }
        return node.isObject() ? node.has(value) : node.asText().contains(value);
    }

    private static boolean isEmpty(JsonNode node) {
        return node == null || node.isNull() || (node.isContainerNode() && node.isEmpty())
                || (node.isTextual() && node.asText().isEmpty());
    }
}

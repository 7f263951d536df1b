package dev.residuum.io;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A small, strict JSON reader and writer for the safetensors header.
 *
 * <p>Why not Jackson: {@code residuum-core} stays dependency-light (DESIGN.md), and the header
 * needs only a sliver of JSON. A hand-written codec also lets us be stricter than a general
 * library is by default, which matters for a file that may come from anywhere: duplicate keys
 * are an error (not "last one wins"), nesting is limited to {@link #MAX_DEPTH} levels (so a
 * hostile header cannot overflow the stack), and integers keep their exact value (a
 * {@code data_offsets} entry of {@code 1e3} or {@code 4.0} is not silently taken as an integer).
 *
 * <p>Parsed values: {@link LinkedHashMap}{@code <String, Object>} for objects (key order as in
 * the text), {@link List} for arrays, {@link String}, {@link Long} for integers that fit,
 * {@link BigInteger} for larger integers, {@link Double} for numbers with a fraction or an
 * exponent, {@link Boolean}, and {@code null}.
 */
final class HeaderJson {
    /** Deepest nesting of arrays and objects accepted (a safetensors header needs 3). */
    static final int MAX_DEPTH = 64;

    /** Longest excerpt of file-provided text quoted in an error message. */
    private static final int QUOTE_LIMIT = 80;

    /** A syntax error, with the character offset where it was found. */
    static final class SyntaxError extends Exception {
        private static final long serialVersionUID = 1L;

        SyntaxError(String message, int offset) {
            super(message + " at character " + offset + " of the header");
        }
    }

    private final String text;
    private int pos;

    private HeaderJson(String text) {
        this.text = text;
    }

    /**
     * Parses one JSON value that fills {@code text} (surrounding whitespace allowed).
     *
     * @throws SyntaxError on anything that is not strict JSON, on duplicate keys, and on nesting
     *     deeper than {@link #MAX_DEPTH}
     */
    static Object parse(String text) throws SyntaxError {
        HeaderJson p = new HeaderJson(text);
        p.skipWhitespace();
        Object value = p.value(0);
        p.skipWhitespace();
        if (p.pos < text.length()) {
            throw p.error("unexpected " + p.describe(p.pos) + " after the JSON value");
        }
        return value;
    }

    private Object value(int depth) throws SyntaxError {
        if (pos >= text.length()) {
            throw error("unexpected end of the header");
        }
        char c = text.charAt(pos);
        switch (c) {
            case '{':
                return object(depth + 1);
            case '[':
                return array(depth + 1);
            case '"':
                return string();
            case 't':
                return literal("true", Boolean.TRUE);
            case 'f':
                return literal("false", Boolean.FALSE);
            case 'n':
                return literal("null", null);
            default:
                if (c == '-' || (c >= '0' && c <= '9')) {
                    return number();
                }
                throw error("unexpected " + describe(pos));
        }
    }

    private Map<String, Object> object(int depth) throws SyntaxError {
        checkDepth(depth);
        pos++; // '{'
        LinkedHashMap<String, Object> out = new LinkedHashMap<>();
        skipWhitespace();
        if (peek() == '}') {
            pos++;
            return out;
        }
        while (true) {
            skipWhitespace();
            if (peek() != '"') {
                throw error("expected a string key, found " + describe(pos));
            }
            int keyAt = pos;
            String key = string();
            skipWhitespace();
            expect(':');
            skipWhitespace();
            Object v = value(depth);
            if (out.containsKey(key)) {
                throw new SyntaxError("duplicate key " + quote(key), keyAt);
            }
            out.put(key, v);
            skipWhitespace();
            char c = peek();
            pos++;
            if (c == '}') {
                return out;
            }
            if (c != ',') {
                pos--;
                throw error("expected ',' or '}', found " + describe(pos));
            }
        }
    }

    private List<Object> array(int depth) throws SyntaxError {
        checkDepth(depth);
        pos++; // '['
        List<Object> out = new ArrayList<>();
        skipWhitespace();
        if (peek() == ']') {
            pos++;
            return out;
        }
        while (true) {
            skipWhitespace();
            out.add(value(depth));
            skipWhitespace();
            char c = peek();
            pos++;
            if (c == ']') {
                return out;
            }
            if (c != ',') {
                pos--;
                throw error("expected ',' or ']', found " + describe(pos));
            }
        }
    }

    private String string() throws SyntaxError {
        pos++; // opening quote
        StringBuilder sb = new StringBuilder();
        while (true) {
            if (pos >= text.length()) {
                throw error("unterminated string");
            }
            char c = text.charAt(pos++);
            if (c == '"') {
                return sb.toString();
            }
            if (c < 0x20) {
                throw new SyntaxError("unescaped control character " + String.format("U+%04X", (int) c)
                        + " in a string", pos - 1);
            }
            if (c != '\\') {
                sb.append(c);
                continue;
            }
            if (pos >= text.length()) {
                throw error("unterminated string");
            }
            char e = text.charAt(pos++);
            switch (e) {
                case '"': sb.append('"'); break;
                case '\\': sb.append('\\'); break;
                case '/': sb.append('/'); break;
                case 'b': sb.append('\b'); break;
                case 'f': sb.append('\f'); break;
                case 'n': sb.append('\n'); break;
                case 'r': sb.append('\r'); break;
                case 't': sb.append('\t'); break;
                case 'u': sb.append(hex4()); break;
                default: throw new SyntaxError("invalid escape '\\" + printable(e) + "'", pos - 2);
            }
        }
    }

    private char hex4() throws SyntaxError {
        if (pos + 4 > text.length()) {
            throw error("truncated \\u escape");
        }
        int v = 0;
        for (int i = 0; i < 4; i++) {
            int d = Character.digit(text.charAt(pos + i), 16);
            if (d < 0) {
                throw error("invalid \\u escape");
            }
            v = v * 16 + d;
        }
        pos += 4;
        return (char) v;
    }

    private Object number() throws SyntaxError {
        int start = pos;
        if (peek() == '-') {
            pos++;
        }
        if (peek() == '0') {
            pos++;
        } else if (peek() >= '1' && peek() <= '9') {
            skipDigits();
        } else {
            throw error("invalid number");
        }
        boolean integral = true;
        if (peek() == '.') {
            integral = false;
            pos++;
            if (!Character.isDigit(peek())) {
                throw error("invalid number: digits must follow '.'");
            }
            skipDigits();
        }
        if (peek() == 'e' || peek() == 'E') {
            integral = false;
            pos++;
            if (peek() == '+' || peek() == '-') {
                pos++;
            }
            if (!Character.isDigit(peek())) {
                throw error("invalid number: digits must follow the exponent");
            }
            skipDigits();
        }
        String literal = text.substring(start, pos);
        if (!integral) {
            return Double.parseDouble(literal);
        }
        if (literal.length() <= 18) {
            return Long.parseLong(literal);
        }
        BigInteger big = new BigInteger(literal);
        return big.bitLength() < 64 ? (Object) big.longValue() : big;
    }

    private void skipDigits() {
        while (pos < text.length() && text.charAt(pos) >= '0' && text.charAt(pos) <= '9') {
            pos++;
        }
    }

    private Object literal(String word, Object value) throws SyntaxError {
        if (!text.startsWith(word, pos)) {
            throw error("unexpected " + describe(pos));
        }
        pos += word.length();
        return value;
    }

    private void expect(char c) throws SyntaxError {
        if (peek() != c) {
            throw error("expected '" + c + "', found " + describe(pos));
        }
        pos++;
    }

    private void checkDepth(int depth) throws SyntaxError {
        if (depth > MAX_DEPTH) {
            throw error("nesting deeper than " + MAX_DEPTH + " levels");
        }
    }

    private char peek() {
        return pos < text.length() ? text.charAt(pos) : '\0';
    }

    private void skipWhitespace() {
        while (pos < text.length()) {
            char c = text.charAt(pos);
            if (c != ' ' && c != '\t' && c != '\n' && c != '\r') {
                return;
            }
            pos++;
        }
    }

    private String describe(int at) {
        return at >= text.length() ? "end of the header" : "'" + printable(text.charAt(at)) + "'";
    }

    private SyntaxError error(String message) {
        return new SyntaxError(message, pos);
    }

    private static String printable(char c) {
        return c < 0x20 || c == 0x7f ? String.format("U+%04X", (int) c) : String.valueOf(c);
    }

    // ------------------------------------------------------------------ writing

    /**
     * Appends {@code s} as a JSON string literal: quotes, backslashes and control characters
     * escaped, everything else (including non-ASCII) as is.
     *
     * @param out modified (appended to)
     */
    static void appendString(StringBuilder out, String s) {
        out.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"': out.append("\\\""); break;
                case '\\': out.append("\\\\"); break;
                case '\n': out.append("\\n"); break;
                case '\r': out.append("\\r"); break;
                case '\t': out.append("\\t"); break;
                case '\b': out.append("\\b"); break;
                case '\f': out.append("\\f"); break;
                default:
                    if (c < 0x20) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
            }
        }
        out.append('"');
    }

    /**
     * A name or value taken from a file, quoted and escaped for an error message: always one
     * line, and cut to {@value #QUOTE_LIMIT} characters with "..." when longer.
     */
    static String quote(String s) {
        StringBuilder sb = new StringBuilder();
        appendString(sb, s.length() > QUOTE_LIMIT ? s.substring(0, QUOTE_LIMIT) : s);
        if (s.length() > QUOTE_LIMIT) {
            sb.insert(sb.length() - 1, "...");
        }
        return sb.toString();
    }

    /** A parsed value shown for an error message: JSON-like, one line, cut when long. */
    static String show(Object value) {
        if (value instanceof String s) {
            return quote(s);
        }
        if (value == null) {
            return "null";
        }
        if (value instanceof Map<?, ?>) {
            return "an object";
        }
        if (value instanceof List<?> list) {
            StringBuilder sb = new StringBuilder("[");
            for (int i = 0; i < list.size(); i++) {
                if (i == 8) {
                    sb.append(", ...");
                    break;
                }
                sb.append(i > 0 ? ", " : "").append(show(list.get(i)));
            }
            return sb.append(']').toString();
        }
        return String.valueOf(value);
    }
}

package dev.residuum.io;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;

/**
 * The reading half of {@link Json}: a strict recursive-descent parser over one string.
 *
 * <p>Strict where general libraries are lenient, because the text may come from any file:
 * duplicate keys are an error (not "last one wins"), nesting is limited to {@link Json#MAX_DEPTH}
 * levels (so hostile input cannot overflow the stack), integers keep their exact value (an
 * offset of {@code 1e3} or {@code 4.0} is not silently taken as an integer), and
 * {@code NaN} / {@code Infinity} are not numbers.
 */
final class JsonParser {
    private final String text;
    private int pos;

    private JsonParser(String text) {
        this.text = text;
    }

    /** See {@link Json#parse}. */
    static Object parse(String text) {
        JsonParser p = new JsonParser(text);
        p.skipWhitespace();
        Object value = p.value(0);
        p.skipWhitespace();
        if (p.pos < text.length()) {
            throw p.error("unexpected " + p.describe(p.pos) + " after the JSON value");
        }
        return value;
    }

    private Object value(int depth) {
        if (pos >= text.length()) {
            throw error("unexpected end of the text");
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

    private JsonObject object(int depth) {
        checkDepth(depth);
        pos++; // '{'
        JsonObject out = new JsonObject();
        if (closesAtOnce('}')) {
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
            if (out.has(key)) {
                throw new JsonException("duplicate key " + Json.quote(key), keyAt);
            }
            out.put(key, v);
            if (endAfterSeparator('}')) {
                return out;
            }
        }
    }

    private List<Object> array(int depth) {
        checkDepth(depth);
        pos++; // '['
        List<Object> out = new ArrayList<>();
        if (closesAtOnce(']')) {
            return out;
        }
        while (true) {
            skipWhitespace();
            out.add(value(depth));
            if (endAfterSeparator(']')) {
                return out;
            }
        }
    }

    /** Past the white space: whether {@code close} follows (then past it too: the object or array is empty). */
    private boolean closesAtOnce(char close) {
        skipWhitespace();
        if (peek() == close) {
            pos++;
            return true;
        }
        return false;
    }

    /**
     * Past the white space and the next character: a ',' (false: another member follows) or
     * {@code close} (true: the object or array ends).
     *
     * @throws JsonException at any other character
     */
    private boolean endAfterSeparator(char close) {
        skipWhitespace();
        char c = peek();
        pos++;
        if (c == close) {
            return true;
        }
        if (c != ',') {
            pos--;
            throw error("expected ',' or '" + close + "', found " + describe(pos));
        }
        return false;
    }

    private String string() {
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
                throw new JsonException("unescaped control character " + String.format("U+%04X", (int) c)
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
                default: throw new JsonException("invalid escape '\\" + printable(e) + "'", pos - 2);
            }
        }
    }

    private char hex4() {
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

    private Object number() {
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

    private Object literal(String word, Object value) {
        if (!text.startsWith(word, pos)) {
            throw error("unexpected " + describe(pos));
        }
        pos += word.length();
        return value;
    }

    private void expect(char c) {
        if (peek() != c) {
            throw error("expected '" + c + "', found " + describe(pos));
        }
        pos++;
    }

    private void checkDepth(int depth) {
        if (depth > Json.MAX_DEPTH) {
            throw error("nesting deeper than " + Json.MAX_DEPTH + " levels");
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
        return at >= text.length() ? "end of the text" : "'" + printable(text.charAt(at)) + "'";
    }

    private JsonException error(String message) {
        return new JsonException(message, pos);
    }

    private static String printable(char c) {
        return c < 0x20 || c == 0x7f ? String.format("U+%04X", (int) c) : String.valueOf(c);
    }
}

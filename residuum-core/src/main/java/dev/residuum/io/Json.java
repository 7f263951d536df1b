package dev.residuum.io;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The project's one JSON codec: every JSON file or line Residuum writes or reads goes through it
 * (safetensors headers, {@code --json} output, {@code metrics.json} / {@code metrics.jsonl},
 * checkpoint state).
 *
 * <p><b>Reading</b> ({@link #parse}, {@link #parseObject}) is strict: see {@link JsonParser}.
 * Objects come back as {@link JsonObject} (key order as in the text), arrays as {@link List},
 * numbers as {@link Long} / {@link BigInteger} (integers) or {@link Double}.
 *
 * <p><b>Writing</b> ({@link #write}) takes the values listed on {@link JsonObject} and
 * <ul>
 *   <li>escapes strings fully (quote, backslash, every control character), so that a string
 *       never breaks a line, and refuses strings with unpaired surrogates (not Unicode; UTF-8
 *       cannot carry them);</li>
 *   <li>writes numbers so that they read back as the same value: integral values as integers
 *       ({@code 763}, not {@code 763.0}), others in the shortest form that round-trips
 *       ({@link Double#toString}, {@link Float#toString} for floats); a non-finite number becomes
 *       {@code null} (JSON has no NaN or infinity; never an invalid token);</li>
 *   <li>keeps a stable key order: insertion order for {@link JsonObject}s and ordered maps
 *       (a {@link java.util.LinkedHashMap}, a {@link SortedMap}), sorted keys for any other map;</li>
 *   <li>rejects any other type with an {@link IllegalArgumentException} naming where it sits.</li>
 * </ul>
 *
 * <p>Why not Jackson: {@code residuum-core} stays dependency-light (DESIGN.md), the project needs
 * a sliver of JSON, and a hand-written reader can be stricter than a general library's default.
 */
public final class Json {
    /** Deepest nesting of arrays and objects {@link #parse} accepts (a safetensors header needs 3). */
    public static final int MAX_DEPTH = 64;

    /** Longest excerpt of file-provided text {@link #quote} puts in a message. */
    private static final int QUOTE_LIMIT = 80;

    /** Largest magnitude of an integral double written without a fraction or exponent. */
    private static final double PLAIN_INTEGER_LIMIT = 1e15;

    /** Layout of the written text. */
    public enum Style {
        /** One line with a space after each {@code :} and {@code ,}: {@code {"a": 1, "b": [1, 2]}}. */
        LINE,
        /** One line, no spaces: {@code {"a":1,"b":[1,2]}}. */
        COMPACT,
        /** One field or element per line, indented by two spaces, for files people read. */
        INDENTED
    }

    private Json() {
    }

    // ------------------------------------------------------------------ reading

    /**
     * Parses one JSON value that fills {@code text} (surrounding whitespace allowed).
     *
     * @throws JsonException on anything that is not strict JSON, on duplicate keys, and on
     *     nesting deeper than {@link #MAX_DEPTH}; the message ends with the character offset
     */
    public static Object parse(String text) {
        return JsonParser.parse(text);
    }

    /**
     * Parses a JSON object.
     *
     * @throws JsonException as {@link #parse}, or if the value is not an object
     */
    public static JsonObject parseObject(String text) {
        Object v = JsonParser.parse(text);
        if (!(v instanceof JsonObject o)) {
            throw new JsonException("expected a JSON object, got " + show(v));
        }
        return o;
    }

    // ------------------------------------------------------------------ writing

    /** {@code value} as one line of JSON ({@link Style#LINE}). */
    public static String write(Object value) {
        return write(value, Style.LINE);
    }

    /**
     * {@code value} as JSON text in the given style (no trailing newline).
     *
     * @throws IllegalArgumentException for a value of a type JSON cannot hold, or a map key that
     *     is not a string; the message names the path ({@code $.delta.test_mae})
     */
    public static String write(Object value, Style style) {
        StringBuilder sb = new StringBuilder();
        write(value, style, sb, "$", 0);
        return sb.toString();
    }

    /**
     * {@code s} as a JSON string literal (quoted and escaped).
     *
     * @throws IllegalArgumentException if {@code s} holds an unpaired surrogate
     */
    public static String string(String s) {
        StringBuilder sb = new StringBuilder(s.length() + 2);
        appendString(sb, s, "$");
        return sb.toString();
    }

    /**
     * Text of a number as {@link #write} writes it: {@code 763}, {@code 0.1}, {@code 1.0e-5}, or
     * {@code null} when not finite.
     */
    public static String number(double v) {
        if (!Double.isFinite(v)) {
            return "null";
        }
        if (v == Math.rint(v) && Math.abs(v) < PLAIN_INTEGER_LIMIT) {
            return Long.toString((long) v);
        }
        return Double.toString(v).replace('E', 'e');
    }

    private static String number(Number n, String path) {
        if (n instanceof Double || n instanceof Float) {
            double d = n.doubleValue();
            if (n instanceof Float f && Float.isFinite(f) && d != Math.rint(d)) {
                return Float.toString(f).replace('E', 'e');
            }
            return number(d);
        }
        if (n instanceof Long || n instanceof Integer || n instanceof Short || n instanceof Byte
                || n instanceof BigInteger) {
            return n.toString();
        }
        if (n instanceof BigDecimal b) {
            return b.toString().replace('E', 'e');
        }
        throw new IllegalArgumentException("Json.write: unsupported number type " + n.getClass().getName() + " at "
                + path);
    }

    private static void write(Object v, Style style, StringBuilder sb, String path, int depth) {
        if (v == null) {
            sb.append("null");
        } else if (v instanceof String s) {
            appendString(sb, s, path);
        } else if (v instanceof Boolean) {
            sb.append(v);
        } else if (v instanceof Number n) {
            sb.append(number(n, path));
        } else if (v instanceof JsonObject o) {
            fields(o.asMap(), style, sb, path, depth);
        } else if (v instanceof Map<?, ?> m) {
            fields(m instanceof SortedMap<?, ?> || m instanceof java.util.LinkedHashMap<?, ?> ? m : sorted(m, path),
                    style, sb, path, depth);
        } else if (v instanceof Collection<?> c) {
            elements(c.toArray(), style, sb, path, depth);
        } else if (v instanceof double[] a) {
            elements(java.util.Arrays.stream(a).boxed().toArray(), style, sb, path, depth);
        } else if (v instanceof float[] a) {
            Object[] boxed = new Object[a.length];
            for (int i = 0; i < a.length; i++) {
                boxed[i] = a[i];
            }
            elements(boxed, style, sb, path, depth);
        } else if (v instanceof int[] a) {
            elements(java.util.Arrays.stream(a).boxed().toArray(), style, sb, path, depth);
        } else if (v instanceof long[] a) {
            elements(java.util.Arrays.stream(a).boxed().toArray(), style, sb, path, depth);
        } else {
            throw new IllegalArgumentException("Json.write: unsupported value type " + v.getClass().getName() + " at "
                    + path);
        }
    }

    private static Map<?, ?> sorted(Map<?, ?> m, String path) {
        TreeMap<String, Object> t = new TreeMap<>();
        m.forEach((k, val) -> t.put(key(k, path), val));
        return t;
    }

    private static String key(Object k, String path) {
        if (!(k instanceof String s)) {
            throw new IllegalArgumentException("Json.write: map key " + k + " at " + path + " is not a string");
        }
        return s;
    }

    private static void fields(Map<?, ?> m, Style style, StringBuilder sb, String path, int depth) {
        sb.append('{');
        int i = 0;
        for (Map.Entry<?, ?> e : m.entrySet()) {
            String k = key(e.getKey(), path);
            separate(i++ > 0, style, sb, depth + 1);
            appendString(sb, k, path);
            sb.append(style == Style.COMPACT ? ":" : ": ");
            write(e.getValue(), style, sb, path + "." + k, depth + 1);
        }
        close(i > 0, '}', style, sb, depth);
    }

    private static void elements(Object[] a, Style style, StringBuilder sb, String path, int depth) {
        sb.append('[');
        for (int i = 0; i < a.length; i++) {
            separate(i > 0, style, sb, depth + 1);
            write(a[i], style, sb, path + "[" + i + "]", depth + 1);
        }
        close(a.length > 0, ']', style, sb, depth);
    }

    private static void separate(boolean comma, Style style, StringBuilder sb, int depth) {
        if (comma) {
            sb.append(style == Style.LINE ? ", " : ",");
        }
        if (style == Style.INDENTED) {
            sb.append('\n').append("  ".repeat(depth));
        }
    }

    private static void close(boolean any, char bracket, Style style, StringBuilder sb, int depth) {
        if (any && style == Style.INDENTED) {
            sb.append('\n').append("  ".repeat(depth));
        }
        sb.append(bracket);
    }

    /**
     * Appends {@code s} as a JSON string literal: quote, backslash and control characters
     * escaped, everything else (including non-ASCII) as is.
     *
     * @param out modified (appended to)
     * @param path where the string sits, for the error; null to escape an unpaired surrogate as
     *     {@code \\uXXXX} instead (for messages, which must never fail)
     * @throws IllegalArgumentException if {@code s} holds an unpaired surrogate and {@code path}
     *     is not null: such a string is not Unicode, and UTF-8 cannot carry it
     */
    private static void appendString(StringBuilder out, String s, String path) {
        out.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                case '\b' -> out.append("\\b");
                case '\f' -> out.append("\\f");
                default -> {
                    boolean paired = Character.isHighSurrogate(c) && i + 1 < s.length()
                            && Character.isLowSurrogate(s.charAt(i + 1));
                    if (Character.isSurrogate(c) && !paired && path != null) {
                        throw new IllegalArgumentException(String.format("Json.write: the string at %s is not valid"
                                + " Unicode (an unpaired surrogate U+%04X at index %d)", path, (int) c, i));
                    }
                    if (c < 0x20 || (Character.isSurrogate(c) && !paired)) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else if (paired) {
                        out.append(c).append(s.charAt(++i));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        out.append('"');
    }

    // ------------------------------------------------------------------ messages

    /**
     * A name or value taken from a file, quoted and escaped for an error message: always one
     * line, and cut to {@value #QUOTE_LIMIT} characters with "..." when longer.
     */
    public static String quote(String s) {
        StringBuilder sb = new StringBuilder();
        appendString(sb, s.length() > QUOTE_LIMIT ? s.substring(0, QUOTE_LIMIT) : s, null);
        if (s.length() > QUOTE_LIMIT) {
            sb.insert(sb.length() - 1, "...");
        }
        return sb.toString();
    }

    /** A parsed value shown in an error message: JSON-like, one line, cut when long. */
    public static String show(Object value) {
        if (value instanceof String s) {
            return quote(s);
        }
        if (value == null) {
            return "null";
        }
        if (value instanceof JsonObject || value instanceof Map<?, ?>) {
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

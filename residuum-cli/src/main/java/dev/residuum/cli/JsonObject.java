package dev.residuum.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A JSON object built field by field and printed on one line (the {@code --json} output of a command).
 * Values: strings, numbers (non-finite ones print as {@code null}), booleans, {@code double[]}, lists of
 * those, nested {@code JsonObject}s, or null. Field order is insertion order.
 */
public final class JsonObject {
    private final List<Map.Entry<String, Object>> fields = new ArrayList<>();

    /** Adds a field (returns this). */
    public JsonObject put(String name, Object value) {
        fields.add(Map.entry(name, value == null ? NULL : value));
        return this;
    }

    private static final Object NULL = new Object();

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder();
        write(this, sb);
        return sb.toString();
    }

    private static void write(Object v, StringBuilder sb) {
        if (v == NULL) {
            sb.append("null");
        } else if (v instanceof JsonObject o) {
            sb.append('{');
            for (int i = 0; i < o.fields.size(); i++) {
                if (i > 0) {
                    sb.append(", ");
                }
                string(o.fields.get(i).getKey(), sb);
                sb.append(": ");
                write(o.fields.get(i).getValue(), sb);
            }
            sb.append('}');
        } else if (v instanceof String s) {
            string(s, sb);
        } else if (v instanceof Double || v instanceof Float) {
            double d = ((Number) v).doubleValue();
            sb.append(Double.isFinite(d) ? number(d) : "null");
        } else if (v instanceof Number || v instanceof Boolean) {
            sb.append(v);
        } else if (v instanceof double[] a) {
            sb.append('[');
            for (int i = 0; i < a.length; i++) {
                sb.append(i > 0 ? ", " : "").append(Double.isFinite(a[i]) ? number(a[i]) : "null");
            }
            sb.append(']');
        } else if (v instanceof List<?> list) {
            sb.append('[');
            for (int i = 0; i < list.size(); i++) {
                if (i > 0) {
                    sb.append(", ");
                }
                write(list.get(i) == null ? NULL : list.get(i), sb);
            }
            sb.append(']');
        } else {
            throw new IllegalArgumentException("JsonObject: unsupported value type " + v.getClass().getName());
        }
    }

    /** Shortest text that reads back as the same double. */
    private static String number(double d) {
        if (d == Math.rint(d) && Math.abs(d) < 1e15) {
            return Long.toString((long) d);
        }
        return Double.toString(d).replace('E', 'e').toLowerCase(Locale.ROOT);
    }

    private static void string(String s, StringBuilder sb) {
        sb.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                default -> {
                    if (c < 0x20) {
                        sb.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
                    } else {
                        sb.append(c);
                    }
                }
            }
        }
        sb.append('"');
    }
}

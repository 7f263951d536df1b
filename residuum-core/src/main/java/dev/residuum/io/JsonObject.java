package dev.residuum.io;

import java.math.BigInteger;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * A JSON object: named fields in insertion order. Built field by field for writing
 * ({@code new JsonObject().put("epoch", 3).put("loss", 0.25)}, then {@link #toString()} or
 * {@link Json#write}), and returned by {@link Json#parse} for reading, with typed getters whose
 * errors name the field ({@code field "epoch": expected an integer, got 2.5}).
 *
 * <p>Field values are what {@link Json#write} accepts: {@code null}, {@link String},
 * {@link Boolean}, {@link Number}, {@code double[]}, {@code float[]}, {@code int[]},
 * {@code long[]}, {@link java.util.Collection}s and {@link Map}s with string keys of those, and
 * nested {@code JsonObject}s. Parsed values are {@code null}, {@link String}, {@link Boolean},
 * {@link Long} (integers that fit), {@link BigInteger} (larger integers), {@link Double} (numbers
 * with a fraction or an exponent), {@link List} and {@code JsonObject}.
 */
public final class JsonObject {
    private final Map<String, Object> fields = new LinkedHashMap<>();

    /** An empty object. */
    public JsonObject() {
    }

    /**
     * Adds a field at the end.
     *
     * @param value any value {@link Json#write} accepts, or null
     * @return this
     * @throws IllegalArgumentException if the object already has a field {@code name}
     */
    public JsonObject put(String name, Object value) {
        Objects.requireNonNull(name, "JsonObject.put: name");
        if (fields.containsKey(name)) {
            throw new IllegalArgumentException("JsonObject.put: field \"" + name + "\" is already set");
        }
        fields.put(name, value);
        return this;
    }

    /** Whether the object has a field {@code name} (its value may be null). */
    public boolean has(String name) {
        return fields.containsKey(name);
    }

    /** The value of a field, or null when absent (use {@link #has} to tell the two apart). */
    public Object get(String name) {
        return fields.get(name);
    }

    /** The field names in order. */
    public Set<String> names() {
        return Collections.unmodifiableSet(fields.keySet());
    }

    /** The fields in order, as an unmodifiable view. */
    public Map<String, Object> asMap() {
        return Collections.unmodifiableMap(fields);
    }

    /** Number of fields. */
    public int size() {
        return fields.size();
    }

    /** A string field. @throws JsonException if absent or not a string */
    public String string(String name) {
        return (String) need(name, String.class, "a string");
    }

    /** A number field (any JSON number) as a double. @throws JsonException if absent or not a number */
    public double number(String name) {
        return ((Number) need(name, Number.class, "a number")).doubleValue();
    }

    /**
     * An integer field.
     *
     * @throws JsonException if absent, not an integer ({@code 3.0} and {@code 3e0} are not), or
     *     beyond the range of a long
     */
    public long integer(String name) {
        Object v = need(name, Object.class, "an integer");
        if (!(v instanceof Long || v instanceof Integer || v instanceof Short || v instanceof Byte)) {
            throw wrongType(name, "an integer" + (v instanceof BigInteger ? " that fits in 64 bits" : ""), v);
        }
        return ((Number) v).longValue();
    }

    /** A boolean field. @throws JsonException if absent or not true/false */
    public boolean bool(String name) {
        return (Boolean) need(name, Boolean.class, "true or false");
    }

    /** A nested object. @throws JsonException if absent or not an object */
    public JsonObject object(String name) {
        return (JsonObject) need(name, JsonObject.class, "an object");
    }

    /** An array field. @throws JsonException if absent or not an array */
    public List<?> list(String name) {
        return (List<?>) need(name, List.class, "an array");
    }

    private Object need(String name, Class<?> type, String expected) {
        if (!fields.containsKey(name)) {
            throw new JsonException("no field " + Json.quote(name) + " (fields: " + String.join(", ", fields.keySet())
                    + ")");
        }
        Object v = fields.get(name);
        if (!type.isInstance(v)) {
            throw wrongType(name, expected, v);
        }
        return v;
    }

    private static JsonException wrongType(String name, String expected, Object v) {
        return new JsonException("field " + Json.quote(name) + ": expected " + expected + ", got " + Json.show(v));
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof JsonObject other && fields.equals(other.fields);
    }

    @Override
    public int hashCode() {
        return fields.hashCode();
    }

    /** The object as one line of JSON ({@link Json.Style#LINE}). */
    @Override
    public String toString() {
        return Json.write(this);
    }
}

package dev.residuum.io;

import dev.residuum.tensor.Shape;
import java.math.BigInteger;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The parsed and fully validated header of a safetensors file: its metadata and, in header
 * order, where each tensor lies in the data section.
 *
 * <p>Validation follows the format's specification and its reference implementation: the header
 * is one JSON object; {@code "__metadata__"}, if present, maps strings to strings; every other
 * key names a tensor described by exactly {@code dtype}, {@code shape} and {@code data_offsets}
 * (offsets relative to the start of the data section); each tensor's byte range has exactly the
 * size its shape and dtype need; and the ranges, taken in order, cover the data section from its
 * first to its last byte with no overlap and no hole (the specification forbids holes so that a
 * file cannot smuggle unindexed bytes).
 *
 * @param metadata the {@code "__metadata__"} entries in file order (empty when absent); unmodifiable
 * @param tensors the tensors in header order; unmodifiable
 */
record SafetensorsHeader(Map<String, String> metadata, List<Entry> tensors) {
    /** The key of the metadata entry; no tensor may have this name. */
    static final String METADATA_KEY = "__metadata__";

    private static final Set<String> ENTRY_KEYS = Set.of("dtype", "shape", "data_offsets");

    /**
     * One tensor of the header.
     *
     * @param name the tensor's name
     * @param dtype its element type
     * @param shape its shape ({@code []} for a scalar)
     * @param begin first byte, relative to the data section
     * @param end one past the last byte, relative to the data section
     */
    record Entry(String name, Dtype dtype, Shape shape, long begin, long end) {
        long byteCount() {
            return end - begin;
        }
    }

    /**
     * Parses and validates a header.
     *
     * @param file named in errors
     * @param json the header text (UTF-8 already decoded, padding included)
     * @param dataLength bytes in the file after the header
     * @throws SafetensorsException naming {@code file} and the first problem found
     */
    static SafetensorsHeader parse(Path file, String json, long dataLength) throws SafetensorsException {
        if (json.isEmpty() || json.charAt(0) != '{') {
            throw new SafetensorsException(file, "header is not a JSON object (it must start with '{', found "
                    + (json.isEmpty() ? "nothing" : Json.quote(json.substring(0, 1))) + ")");
        }
        Object root;
        try {
            root = Json.parse(json);
        } catch (JsonException e) {
            throw new SafetensorsException(file, "header is not valid JSON: " + e.getMessage());
        }
        if (!(root instanceof JsonObject top)) {
            throw new SafetensorsException(file, "header is not a JSON object");
        }
        Map<String, String> metadata = new LinkedHashMap<>();
        List<Entry> tensors = new ArrayList<>();
        for (Map.Entry<String, Object> e : top.asMap().entrySet()) {
            String key = e.getKey();
            if (key.equals(METADATA_KEY)) {
                metadata = metadata(file, e.getValue());
            } else {
                tensors.add(entry(file, key, e.getValue(), dataLength));
            }
        }
        checkCoverage(file, tensors, dataLength);
        return new SafetensorsHeader(Collections.unmodifiableMap(metadata), Collections.unmodifiableList(tensors));
    }

    private static Map<String, String> metadata(Path file, Object value) throws SafetensorsException {
        if (!(value instanceof JsonObject map)) {
            throw new SafetensorsException(file, METADATA_KEY + " must be an object of strings, got "
                    + Json.show(value));
        }
        Map<String, String> out = new LinkedHashMap<>();
        for (Map.Entry<String, Object> e : map.asMap().entrySet()) {
            if (!(e.getValue() instanceof String s)) {
                throw new SafetensorsException(file, METADATA_KEY + " must map strings to strings, but "
                        + Json.quote(e.getKey()) + " has the value " + Json.show(e.getValue()));
            }
            out.put(e.getKey(), s);
        }
        return out;
    }

    private static Entry entry(Path file, String name, Object value, long dataLength) throws SafetensorsException {
        String where = "tensor " + Json.quote(name) + ": ";
        if (!(value instanceof JsonObject fields)) {
            throw new SafetensorsException(file, where + "expected an object with dtype, shape and data_offsets, got "
                    + Json.show(value));
        }
        for (String k : fields.names()) {
            if (!ENTRY_KEYS.contains(k)) {
                throw new SafetensorsException(file, where + "unknown key " + Json.quote(k)
                        + " (expected exactly dtype, shape and data_offsets)");
            }
        }
        for (String k : List.of("dtype", "shape", "data_offsets")) {
            if (!fields.has(k)) {
                throw new SafetensorsException(file, where + "no " + k);
            }
        }
        Object dtypeName = fields.get("dtype");
        Dtype dtype = dtypeName instanceof String s ? Dtype.named(s) : null;
        if (dtype == null) {
            throw new SafetensorsException(file, where + "unknown dtype " + Json.show(dtypeName)
                    + "; supported: " + Dtype.supported());
        }
        Shape shape = shape(file, where, fields.get("shape"));
        long[] offsets = offsets(file, where, fields.get("data_offsets"));
        long begin = offsets[0], end = offsets[1];
        if (end > dataLength) {
            throw new SafetensorsException(file, where + "data_offsets [" + begin + ", " + end
                    + "] run past the end of the data section (" + dataLength + " bytes)");
        }
        long needed = (long) shape.numel() * dtype.size();
        if (end - begin != needed) {
            throw new SafetensorsException(file, where + "data_offsets [" + begin + ", " + end + "] hold "
                    + (end - begin) + " bytes but shape " + shape + " of " + dtype + " needs " + needed);
        }
        return new Entry(name, dtype, shape, begin, end);
    }

    private static Shape shape(Path file, String where, Object value) throws SafetensorsException {
        if (!(value instanceof List<?> list)) {
            throw new SafetensorsException(file, where + "shape must be an array of integers, got " + Json.show(value));
        }
        int[] dims = new int[list.size()];
        long numel = 1;
        for (int i = 0; i < dims.length; i++) {
            Object d = list.get(i);
            if (!(d instanceof Long) && !(d instanceof BigInteger)) {
                throw new SafetensorsException(file, where + "shape must be an array of integers, got "
                        + Json.show(value));
            }
            if (d instanceof Long n && n < 0 || d instanceof BigInteger b && b.signum() < 0) {
                throw new SafetensorsException(file, where + "shape " + Json.show(value)
                        + " has a negative dimension");
            }
            if (!(d instanceof Long n) || n > Integer.MAX_VALUE) {
                throw new SafetensorsException(file, where + "shape " + Json.show(value)
                        + " has a dimension larger than " + Integer.MAX_VALUE);
            }
            dims[i] = (int) (long) n;
            numel *= n; // both factors < 2^31 and numel stays < 2^31 below: no long overflow
            if (numel > Integer.MAX_VALUE) {
                throw new SafetensorsException(file, where + "shape " + Json.show(value)
                        + " has more elements than a float32 tensor can hold (at most " + Integer.MAX_VALUE + ")");
            }
        }
        return Shape.of(dims);
    }

    private static long[] offsets(Path file, String where, Object value) throws SafetensorsException {
        if (value instanceof List<?> list && list.size() == 2 && list.get(0) instanceof Long b
                && list.get(1) instanceof Long e && b >= 0 && b <= e) {
            return new long[] {b, e};
        }
        throw new SafetensorsException(file, where + "data_offsets must be [begin, end] with integers"
                + " 0 <= begin <= end, got " + Json.show(value));
    }

    /** Ranges sorted by position must tile [0, dataLength) exactly. */
    private static void checkCoverage(Path file, List<Entry> tensors, long dataLength) throws SafetensorsException {
        List<Entry> sorted = new ArrayList<>(tensors);
        sorted.sort(Comparator.comparingLong(Entry::begin).thenComparingLong(Entry::end));
        long covered = 0;
        Entry previous = null;
        for (Entry t : sorted) {
            if (t.begin() < covered) {
                throw new SafetensorsException(file, "tensors " + Json.quote(previous.name()) + " ["
                        + previous.begin() + ", " + previous.end() + "] and " + Json.quote(t.name()) + " ["
                        + t.begin() + ", " + t.end() + "] overlap in the data section");
            }
            if (t.begin() > covered) {
                throw new SafetensorsException(file, "bytes [" + covered + ", " + t.begin()
                        + ") of the data section belong to no tensor (a gap before " + Json.quote(t.name())
                        + "; the format forbids holes)");
            }
            covered = t.end();
            previous = t;
        }
        if (covered < dataLength) {
            throw new SafetensorsException(file, "bytes [" + covered + ", " + dataLength
                    + ") at the end of the data section belong to no tensor (the format forbids holes)");
        }
    }
}

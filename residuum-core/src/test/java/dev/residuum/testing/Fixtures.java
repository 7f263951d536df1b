package dev.residuum.testing;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.residuum.tensor.Tensor;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;

/**
 * Reads the PyTorch parity fixtures written by {@code scripts/fixtures/make_core_fixtures.py}
 * from the test classpath ({@code /fixtures/core/<name>.json}), and compares arrays with a
 * combined absolute/relative tolerance.
 *
 * <p>A fixture is {@code {"name", "tensors": {key: {"shape": [...], "data": [...]}}, "ints": {key:
 * [...]}, "meta": {...}}}. Float values are written as the exact decimal of a float32 value, so
 * parsing them as a double and casting to float recovers every bit.
 */
public final class Fixtures {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private Fixtures() {
    }

    /** Loads {@code /fixtures/core/<name>.json} from the classpath. */
    public static Fixture load(String name) {
        String resource = "/fixtures/core/" + name + ".json";
        try (InputStream in = Fixtures.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("fixture " + resource + " not found on the test classpath;"
                        + " regenerate with /usr/bin/python3 scripts/fixtures/make_core_fixtures.py");
            }
            return new Fixture(resource, MAPPER.readTree(in));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read fixture " + resource, e);
        }
    }

    /**
     * One parsed fixture file.
     *
     * @param resource its classpath name, for messages
     * @param root the parsed JSON
     */
    public record Fixture(String resource, JsonNode root) {
        /** The fixture's "name". */
        public String name() {
            return root.path("name").asText();
        }

        /** Keys of "tensors", in file order. */
        public List<String> tensorNames() {
            List<String> out = new ArrayList<>();
            root.path("tensors").fieldNames().forEachRemaining(out::add);
            return out;
        }

        private JsonNode tensorNode(String key) {
            JsonNode t = root.path("tensors").get(key);
            if (t == null) {
                throw new IllegalArgumentException(resource + ": no tensor '" + key + "' (have " + tensorNames() + ")");
            }
            return t;
        }

        /** The shape of tensor {@code key} ({@code []} for a scalar). */
        public int[] shape(String key) {
            JsonNode s = tensorNode(key).path("shape");
            int[] dims = new int[s.size()];
            for (int i = 0; i < dims.length; i++) {
                dims[i] = s.get(i).asInt();
            }
            return dims;
        }

        /** The values of tensor {@code key}, row-major, as float32. */
        public float[] data(String key) {
            JsonNode d = tensorNode(key).path("data");
            float[] out = new float[d.size()];
            for (int i = 0; i < out.length; i++) {
                out[i] = (float) d.get(i).doubleValue();
            }
            int numel = 1;
            for (int n : shape(key)) {
                numel *= n;
            }
            if (numel != out.length) {
                throw new IllegalStateException(resource + ": tensor '" + key + "' has " + out.length
                        + " values for " + numel + " elements");
            }
            return out;
        }

        /** Tensor {@code key} as a fresh Residuum tensor (a leaf not requiring a gradient). */
        public Tensor tensor(String key) {
            return Tensor.of(data(key), shape(key));
        }

        /** The single value of a one-element tensor. */
        public float scalar(String key) {
            float[] d = data(key);
            if (d.length != 1) {
                throw new IllegalArgumentException(resource + ": tensor '" + key + "' is not a scalar");
            }
            return d[0];
        }

        /** Integer array {@code key} of "ints". */
        public int[] ints(String key) {
            JsonNode a = root.path("ints").get(key);
            if (a == null) {
                throw new IllegalArgumentException(resource + ": no ints '" + key + "'");
            }
            int[] out = new int[a.size()];
            for (int i = 0; i < out.length; i++) {
                out[i] = a.get(i).asInt();
            }
            return out;
        }

        /** The "meta" object. */
        public JsonNode meta() {
            return root.path("meta");
        }

        /** A meta node by a path of field names, failing loudly when absent. */
        public JsonNode meta(String... path) {
            JsonNode n = meta();
            for (String p : path) {
                n = n.get(p);
                if (n == null) {
                    throw new IllegalArgumentException(resource + ": no meta entry " + String.join(".", path));
                }
            }
            return n;
        }

        /** A meta array of numbers (kept as doubles, e.g. learning rates). */
        public double[] metaDoubles(String... path) {
            JsonNode a = meta(path);
            double[] out = new double[a.size()];
            Iterator<JsonNode> it = a.elements();
            for (int i = 0; it.hasNext(); i++) {
                out[i] = it.next().doubleValue();
            }
            return out;
        }

        @Override
        public String toString() {
            return resource;
        }
    }

    // ------------------------------------------------------------------ comparison

    /**
     * Asserts {@code |actual[i] - expected[i]| <= atol + rtol * |expected[i]|} for every i (the
     * {@code numpy.allclose} rule, with PyTorch's value as the reference), and equal lengths. The
     * failure message names the first offending index and the largest deviation.
     */
    public static void assertClose(String what, float[] expected, float[] actual, double atol, double rtol) {
        Objects.requireNonNull(actual, what + ": actual is null");
        assertEquals(expected.length, actual.length, what + ": length");
        int first = -1, worst = -1;
        double worstExcess = 0;
        for (int i = 0; i < expected.length; i++) {
            double e = expected[i], a = actual[i];
            double allowed = atol + rtol * Math.abs(e);
            double err = Math.abs(a - e);
            if (!(err <= allowed)) { // also catches NaN
                if (first < 0) {
                    first = i;
                }
                double excess = Double.isNaN(err) ? Double.POSITIVE_INFINITY : err / allowed;
                if (worst < 0 || excess > worstExcess) {
                    worst = i;
                    worstExcess = excess;
                }
            }
        }
        if (first >= 0) {
            throw new AssertionError(String.format(
                    "%s: %d value(s) outside |a-e| <= %.1e + %.1e*|e|; first at [%d]: expected %s, got %s (diff %.3e);"
                            + " worst at [%d]: expected %s, got %s (diff %.3e)",
                    what, count(expected, actual, atol, rtol), atol, rtol, first, expected[first], actual[first],
                    Math.abs((double) actual[first] - expected[first]), worst, expected[worst], actual[worst],
                    Math.abs((double) actual[worst] - expected[worst])));
        }
    }

    /** {@link #assertClose(String, float[], float[], double, double)} on a tensor, checking its shape too. */
    public static void assertClose(String what, Fixture fx, String key, Tensor actual, double atol, double rtol) {
        Objects.requireNonNull(actual, what + ": tensor is null (no gradient computed?)");
        assertArrayEquals(fx.shape(key), actual.shape().dims(), what + ": shape");
        assertClose(what, fx.data(key), actual.data(), atol, rtol);
    }

    private static int count(float[] expected, float[] actual, double atol, double rtol) {
        int n = 0;
        for (int i = 0; i < expected.length; i++) {
            if (!(Math.abs((double) actual[i] - expected[i]) <= atol + rtol * Math.abs(expected[i]))) {
                n++;
            }
        }
        return n;
    }
}

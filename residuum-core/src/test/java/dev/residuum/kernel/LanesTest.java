package dev.residuum.kernel;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * Both kernel sets ({@link VectorLanes}, {@link ScalarLanes}) against sums in double, for row
 * lengths around the vector width (empty rows, pure tails, one and several vectors plus a tail)
 * and offsets that are not a multiple of it; ReLU masks include exact zeros.
 */
class LanesTest {
    private static final int[] LENGTHS = {0, 1, 3, 7, 15, 16, 17, 31, 33, 49, 64, 100, 784};
    private static final int OFF = 5;

    @Test
    void vectorKernelsRunInTheTestJvm() {
        assertTrue(Simd.enabled(), "surefire passes --add-modules jdk.incubator.vector: " + Simd.description());
    }

    @Test
    void dotsMatchDouble() {
        Rng rng = new Rng(5);
        for (int n : LENGTHS) {
            float[] a = random(rng, OFF + n + 4, 2f), b = random(rng, OFF + n + 4, 2f);
            double s = 0, scale = 0;
            for (int i = OFF; i < OFF + n; i++) {
                s += (double) a[i] * b[i];
                scale += Math.abs((double) a[i] * b[i]);
            }
            for (boolean vector : new boolean[] {false, true}) {
                float got = vector ? VectorLanes.dot(a, b, OFF, n) : ScalarLanes.dot(a, b, OFF, n);
                assertEquals(s, got, 1e-6 * (1 + scale), "dot n=" + n + " vector=" + vector);
            }
        }
    }

    @Test
    void vectorTanhGivesTheScalarBits() {
        Rng rng = new Rng(9);
        for (int n : LENGTHS) {
            float[] x = random(rng, n, 10f);
            if (n >= 8) { // saturation, the clamp's edges, signed zeros, non-finite values
                x[0] = Float.NaN;
                x[1] = Float.POSITIVE_INFINITY;
                x[2] = -FastMath.CLAMP;
                x[3] = Math.nextUp(FastMath.CLAMP);
                x[4] = -0f;
                x[5] = 0f;
                x[6] = Float.MIN_VALUE;
                x[7] = Float.NEGATIVE_INFINITY;
            }
            float[] y = new float[n];
            int done = VectorLanes.tanh(x, y, n);
            assertTrue(done <= n && n - done < 16 && (n < 16 || done > 0), "whole vectors only: " + done + " of " + n);
            float[] whole = new float[n];
            FastMath.tanh(x, whole, n);
            for (int i = 0; i < n; i++) {
                int expected = Float.floatToRawIntBits(FastMath.tanh(x[i]));
                if (i < done) {
                    assertEquals(expected, Float.floatToRawIntBits(y[i]), "vector tanh(" + x[i] + "), n=" + n);
                }
                assertEquals(expected, Float.floatToRawIntBits(whole[i]), "array tanh(" + x[i] + "), n=" + n);
            }
        }
    }

    @Test
    void sumsMatchDouble() {
        Rng rng = new Rng(3);
        for (int n : LENGTHS) {
            float[] a = random(rng, OFF + n + 4, 2f);
            double s = 0, q = 0;
            float mean = 0.3f;
            for (int i = OFF; i < OFF + n; i++) {
                s += a[i];
                q += (a[i] - mean) * (a[i] - mean);
            }
            for (boolean vector : new boolean[] {false, true}) {
                float gotS = vector ? VectorLanes.sum(a, OFF, n) : ScalarLanes.sum(a, OFF, n);
                float gotQ = vector ? VectorLanes.sumSquaredDeviations(a, OFF, n, mean)
                        : ScalarLanes.sumSquaredDeviations(a, OFF, n, mean);
                assertEquals(s, gotS, 1e-5 * (1 + n), "sum n=" + n + " vector=" + vector);
                assertEquals(q, gotQ, 1e-5 * (1 + q), "squares n=" + n + " vector=" + vector);
            }
        }
    }

    @Test
    void gradientKernelsMatchDouble() {
        Rng rng = new Rng(4);
        for (int n : LENGTHS) {
            int size = OFF + n + 4;
            float[] g = random(rng, size, 1f), x = random(rng, size, 3f), y = random(rng, size, 1f);
            for (int i = 0; i < size; i++) y[i] = i % 3 == 0 ? 0f : Math.max(0f, y[i]); // ReLU outputs
            float mean = -0.7f, k = 1.3f, meanG = 0.05f, meanGX = -0.2f;
            for (float[] mask : new float[][] {null, y}) {
                double sg = 0, sc = 0;
                double[] masked = new double[size];
                for (int i = OFF; i < OFF + n; i++) {
                    masked[i] = mask == null || mask[i] > 0 ? g[i] : 0;
                    sg += masked[i];
                    sc += masked[i] * (x[i] - mean);
                }
                for (boolean vector : new boolean[] {false, true}) {
                    String what = "n=" + n + " masked=" + (mask != null) + " vector=" + vector;
                    double[] acc = {1, 2};
                    if (vector) {
                        VectorLanes.gradientSums(g, mask, x, OFF, n, mean, acc);
                    } else {
                        ScalarLanes.gradientSums(g, mask, x, OFF, n, mean, acc);
                    }
                    assertEquals(1 + sg, acc[0], 1e-5 * (1 + n), "sum g " + what);
                    assertEquals(2 + sc, acc[1], 1e-5 * (1 + n), "sum g(x-mean) " + what);
                    for (boolean accumulate : new boolean[] {false, true}) {
                        float[] copy = random(rng, size, 1f), before = copy.clone();
                        float[] dx = random(rng, size, 1f), dxBefore = dx.clone();
                        float[] copy2 = before.clone();
                        if (vector) {
                            VectorLanes.maskedCopy(g, mask, copy, OFF, n, accumulate);
                            VectorLanes.inputGradient(g, mask, x, dx, OFF, n, mean, k, meanG, meanGX, accumulate,
                                    copy2, accumulate);
                        } else {
                            ScalarLanes.maskedCopy(g, mask, copy, OFF, n, accumulate);
                            ScalarLanes.inputGradient(g, mask, x, dx, OFF, n, mean, k, meanG, meanGX, accumulate,
                                    copy2, accumulate);
                        }
                        assertArrayEquals(copy, copy2, "the copy made alongside the input gradient " + what);
                        for (int i = 0; i < size; i++) {
                            boolean inside = i >= OFF && i < OFF + n;
                            double base = accumulate ? before[i] : 0, dxBase = accumulate ? dxBefore[i] : 0;
                            double wantDx = dxBase + k * (masked[i] - meanG - (x[i] - mean) * meanGX);
                            assertEquals(inside ? base + masked[i] : before[i], copy[i], 1e-6, "copy " + what + " i=" + i);
                            assertEquals(inside ? wantDx : dxBefore[i], dx[i], 1e-5, "dx " + what + " i=" + i);
                        }
                    }
                }
            }
        }
    }

    @Test
    void normalizeMatchesDouble() {
        Rng rng = new Rng(5);
        for (int n : LENGTHS) {
            int size = OFF + n + 4;
            float[] x = random(rng, size, 2f), r = random(rng, size, 1f);
            float mean = 0.4f, scale = 1.7f, shift = -0.3f;
            for (float[] residual : new float[][] {null, r}) {
                for (boolean relu : new boolean[] {false, true}) {
                    for (boolean vector : new boolean[] {false, true}) {
                        float[] y = random(rng, size, 1f), before = y.clone();
                        if (vector) {
                            VectorLanes.normalize(x, residual, y, OFF, n, mean, scale, shift, relu);
                        } else {
                            ScalarLanes.normalize(x, residual, y, OFF, n, mean, scale, shift, relu);
                        }
                        for (int i = 0; i < size; i++) {
                            double v = (x[i] - mean) * (double) scale + shift + (residual == null ? 0 : residual[i]);
                            double want = i >= OFF && i < OFF + n ? (relu ? Math.max(0, v) : v) : before[i];
                            assertEquals(want, y[i], 1e-5, "n=" + n + " relu=" + relu + " vector=" + vector + " i=" + i);
                        }
                    }
                }
            }
        }
    }

    /**
     * Adam's step: the vector kernel gives the scalar kernel's bits, with and without weight
     * decay (L2 and decoupled), over several steps (so the moments are not zero), for lengths
     * around the vector width. What Adam computes is checked against PyTorch in optim's tests.
     */
    @Test
    void adamKernelsGiveTheSameBits() {
        Rng rng = new Rng(11);
        float[][] decays = {{1f, 0f}, {1f, 1e-2f}, {0.999f, 0f}}; // {decay, l2}
        for (int n : LENGTHS) {
            for (float[] d : decays) {
                float[] p0 = random(rng, n, 1f), ps = p0.clone(), pv = p0.clone();
                float[] ms = new float[n], mv = new float[n], vs = new float[n], vv = new float[n];
                for (int step = 1; step <= 3; step++) {
                    float[] g = random(rng, n, 0.1f);
                    float bc2Sqrt = (float) Math.sqrt(1 - Math.pow(0.999, step));
                    float stepSize = (float) (1e-3 / (1 - Math.pow(0.9, step)));
                    ScalarLanes.adam(ps, g, ms, vs, 0, n, d[0], d[1], 0.9f, 0.1f, 0.999f, 1e-3f, stepSize, bc2Sqrt, 1e-8f);
                    VectorLanes.adam(pv, g, mv, vv, n, d[0], d[1], 0.9f, 0.1f, 0.999f, 1e-3f, stepSize, bc2Sqrt, 1e-8f);
                }
                assertArrayEquals(ps, pv, "parameters, n=" + n);
                assertArrayEquals(ms, mv, "first moments, n=" + n);
                assertArrayEquals(vs, vv, "second moments, n=" + n);
                for (int i = 0; i < n; i++) {
                    assertTrue(ps[i] != p0[i], "every value moved, n=" + n + " at " + i);
                }
            }
        }
    }

    private static float[] random(Rng rng, int n, float scale) {
        float[] a = new float[n];
        for (int i = 0; i < n; i++) a[i] = scale * (float) rng.nextGaussian();
        return a;
    }
}

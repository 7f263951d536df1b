package dev.residuum.kernel;


/**
 * Row kernels for the memory-bound passes of batch norm, ReLU and Adam, and a float dot product:
 * {@link VectorLanes} when {@link Simd#enabled()}, else {@link ScalarLanes}. Each call covers
 * {@code n} values from {@code off} of every array it is given.
 */
public final class Lanes {
    private static final boolean SIMD = Simd.enabled();

    private Lanes() {
    }

    /**
     * 1 for {@code y > 0}, 0 for {@code y == 0}, for {@code y >= 0} (a ReLU's output): the
     * smallest positive float times 1e60 exceeds 1, so the minimum is exactly 0 or 1.
     */
    static float step(float y) {
        return Math.min(1f, (y * 1e30f) * 1e30f);
    }

    /** The sum of {@code a[off .. off+n)}. */
    public static float sum(float[] a, int off, int n) {
        return SIMD ? VectorLanes.sum(a, off, n) : ScalarLanes.sum(a, off, n);
    }

    /**
     * The sum of {@code a[i] * b[i]} over {@code [off, off+n)}, in float lanes with fused
     * multiply-adds (a gradient's reduction, as PyTorch's; {@link Reductions#dot(float[], float[])}
     * sums in double where precision matters more than speed).
     */
    public static float dot(float[] a, float[] b, int off, int n) {
        return SIMD ? VectorLanes.dot(a, b, off, n) : ScalarLanes.dot(a, b, off, n);
    }

    /** The sum of {@code (a[i] - mean)^2}. */
    public static float sumSquaredDeviations(float[] a, int off, int n, float mean) {
        return SIMD ? VectorLanes.sumSquaredDeviations(a, off, n, mean) : ScalarLanes.sumSquaredDeviations(a, off, n, mean);
    }

    /**
     * In one pass: {@code acc[0] += sum of g} and {@code acc[1] += sum of g * (x - mean)}, with g
     * masked by {@code y > 0} when y is given.
     *
     * @param acc modified
     */
    public static void gradientSums(float[] g, float[] y, float[] x, int off, int n, float mean, double[] acc) {
        if (SIMD) {
            VectorLanes.gradientSums(g, y, x, off, n, mean, acc);
        } else {
            ScalarLanes.gradientSums(g, y, x, off, n, mean, acc);
        }
    }

    /** {@code dst (+)= g}, masked by {@code y > 0} when y is given. */
    public static void maskedCopy(float[] g, float[] y, float[] dst, int off, int n, boolean accumulate) {
        if (SIMD) {
            VectorLanes.maskedCopy(g, y, dst, off, n, accumulate);
        } else {
            ScalarLanes.maskedCopy(g, y, dst, off, n, accumulate);
        }
    }

    /** {@code y = (x - mean) * scale + shift}, plus {@code r} when given, then {@code max(0, .)} if relu. */
    public static void normalize(float[] x, float[] r, float[] y, int off, int n, float mean, float scale, float shift,
                          boolean relu) {
        if (SIMD) {
            VectorLanes.normalize(x, r, y, off, n, mean, scale, shift, relu);
        } else {
            ScalarLanes.normalize(x, r, y, off, n, mean, scale, shift, relu);
        }
    }

    /**
     * How many of {@code n} values from {@code off} {@link #normalize} computes with a fused
     * multiply-add ({@code fma(x - mean, scale, shift)}, one rounding); the rest it computes as
     * {@code (x - mean) * scale + shift} (two): the whole vectors of the Vector API, none in scalar Java.
     */
    public static int fusedPrefix(int n) {
        return SIMD ? n - n % VectorLanes.lanes() : 0;
    }

    /**
     * Batch norm's input gradient, {@code dx (+)= k * (g - meanG - (x - mean) * meanGX)} with g
     * masked by {@code y > 0} when y is given; in the same pass, when {@code copy} is given,
     * {@code copy (+)= the masked g} (a residual input's gradient).
     */
    public static void inputGradient(float[] g, float[] y, float[] x, float[] dx, int off, int n, float mean, float k,
                              float meanG, float meanGX, boolean accumulate, float[] copy, boolean accumulateCopy) {
        if (SIMD) {
            VectorLanes.inputGradient(g, y, x, dx, off, n, mean, k, meanG, meanGX, accumulate, copy, accumulateCopy);
        } else {
            ScalarLanes.inputGradient(g, y, x, dx, off, n, mean, k, meanG, meanGX, accumulate, copy, accumulateCopy);
        }
    }

    /**
     * Adam's step on {@code n} values from 0, in float32 and in this order for every value:
     * {@code p' = p * decay}, {@code g' = g + l2 * p'}, {@code m = b1 * m + c1 * g'},
     * {@code v = b2 * v + c2 * g' * g'}, {@code p = p' - stepSize * (m / (sqrt(v) * r + eps))} with
     * {@code r = 1 / bc2Sqrt} rounded to float (a multiplication, not PyTorch's second division:
     * the two divisions and the square root bound the step's speed, and the results differ from
     * PyTorch's by an ulp of the denominator).
     * Both kernels round each operation as written (no fused multiply-add), so they give the same
     * bits (the vector square root is the correctly rounded float one, as is
     * {@code (float) Math.sqrt(v)}).
     *
     * @param p modified
     * @param g not modified
     * @param m modified
     * @param v modified
     */
    public static void adam(float[] p, float[] g, float[] m, float[] v, int n, float decay, float l2, float b1, float c1,
                            float b2, float c2, float stepSize, float bc2Sqrt, float eps) {
        if (SIMD) {
            VectorLanes.adam(p, g, m, v, n, decay, l2, b1, c1, b2, c2, stepSize, bc2Sqrt, eps);
        } else {
            ScalarLanes.adam(p, g, m, v, 0, n, decay, l2, b1, c1, b2, c2, stepSize, bc2Sqrt, eps);
        }
    }
}

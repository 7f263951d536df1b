package dev.residuum.kernel;

/**
 * Inner products and Euclidean norms of whole arrays, summed in double precision with four
 * independent accumulators: one accumulator is a serial chain of dependent additions, and the JIT
 * does not reorder floating-point sums by itself. Products of floats are formed in double, so
 * they are exact; only the sums round.
 *
 * <p>The summation order is fixed (element {@code i} goes to accumulator {@code i mod 4}, the
 * four are added pairwise at the end), so a result is the same on every machine and thread count.
 * Java has no generics over primitive arrays, hence one loop per pair of element types.
 */
public final class Reductions {
    private Reductions() {
    }

    /** {@code sum x[i] y[i]}. @param x not modified @param y not modified, at least as long as x */
    public static double dot(double[] x, double[] y) {
        int n = x.length;
        int i = 0;
        double s0 = 0, s1 = 0, s2 = 0, s3 = 0;
        for (; i + 3 < n; i += 4) {
            s0 += x[i] * y[i];
            s1 += x[i + 1] * y[i + 1];
            s2 += x[i + 2] * y[i + 2];
            s3 += x[i + 3] * y[i + 3];
        }
        for (; i < n; i++) {
            s0 += x[i] * y[i];
        }
        return (s0 + s1) + (s2 + s3);
    }

    /** {@code sum x[i] y[i]} of floats, products and sums in double. @param x not modified @param y not modified */
    public static double dot(float[] x, float[] y) {
        int n = x.length;
        int i = 0;
        double s0 = 0, s1 = 0, s2 = 0, s3 = 0;
        for (; i + 3 < n; i += 4) {
            s0 += (double) x[i] * y[i];
            s1 += (double) x[i + 1] * y[i + 1];
            s2 += (double) x[i + 2] * y[i + 2];
            s3 += (double) x[i + 3] * y[i + 3];
        }
        for (; i < n; i++) {
            s0 += (double) x[i] * y[i];
        }
        return (s0 + s1) + (s2 + s3);
    }

    /** {@code sum x[i] y[i]}, floats against doubles (a float basis kept to halve memory). */
    public static double dot(float[] x, double[] y) {
        int n = x.length;
        int i = 0;
        double s0 = 0, s1 = 0, s2 = 0, s3 = 0;
        for (; i + 3 < n; i += 4) {
            s0 += x[i] * y[i];
            s1 += x[i + 1] * y[i + 1];
            s2 += x[i + 2] * y[i + 2];
            s3 += x[i + 3] * y[i + 3];
        }
        for (; i < n; i++) {
            s0 += x[i] * y[i];
        }
        return (s0 + s1) + (s2 + s3);
    }

    /** {@code ||x||}, the square root of {@link #dot(double[], double[]) dot(x, x)}. */
    public static double norm(double[] x) {
        return Math.sqrt(dot(x, x));
    }

    /** {@code ||x||} of floats, summed in double. */
    public static double norm(float[] x) {
        return Math.sqrt(dot(x, x));
    }
}

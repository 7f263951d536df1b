package dev.residuum.kernel;

/**
 * The scalar twins of {@link VectorLanes}, used when the Vector API is not available: sums in
 * four independent float lanes (one accumulator would be a serial chain of additions; a row is
 * at most a few thousand values, so float lanes lose nothing that matters before the caller adds
 * rows up in double), and the ReLU's mask as a product with {@link Lanes#step}, which the JIT
 * vectorises where a conditional select does not.
 */
final class ScalarLanes {
    private ScalarLanes() {
    }

    static float sum(float[] a, int off, int n) {
        float s0 = 0, s1 = 0, s2 = 0, s3 = 0;
        int i = off, end = off + n;
        for (; i + 3 < end; i += 4) {
            s0 += a[i];
            s1 += a[i + 1];
            s2 += a[i + 2];
            s3 += a[i + 3];
        }
        for (; i < end; i++) s0 += a[i];
        return (s0 + s1) + (s2 + s3);
    }

    static float dot(float[] a, float[] b, int off, int n) {
        float s0 = 0, s1 = 0, s2 = 0, s3 = 0;
        int i = off, end = off + n;
        for (; i + 3 < end; i += 4) {
            s0 = Math.fma(a[i], b[i], s0);
            s1 = Math.fma(a[i + 1], b[i + 1], s1);
            s2 = Math.fma(a[i + 2], b[i + 2], s2);
            s3 = Math.fma(a[i + 3], b[i + 3], s3);
        }
        for (; i < end; i++) s0 = Math.fma(a[i], b[i], s0);
        return (s0 + s1) + (s2 + s3);
    }

    static float sumSquaredDeviations(float[] a, int off, int n, float mean) {
        float s0 = 0, s1 = 0, s2 = 0, s3 = 0;
        int i = off, end = off + n;
        for (; i + 3 < end; i += 4) {
            float d0 = a[i] - mean, d1 = a[i + 1] - mean, d2 = a[i + 2] - mean, d3 = a[i + 3] - mean;
            s0 += d0 * d0;
            s1 += d1 * d1;
            s2 += d2 * d2;
            s3 += d3 * d3;
        }
        for (; i < end; i++) {
            float d = a[i] - mean;
            s0 += d * d;
        }
        return (s0 + s1) + (s2 + s3);
    }

    /**
     * In one pass: {@code acc[0] += sum of g} and {@code acc[1] += sum of g * (x - mean)}, with g
     * masked by {@code y > 0} when y is given.
     *
     * @param acc modified
     */
    static void gradientSums(float[] g, float[] y, float[] x, int off, int n, float mean, double[] acc) {
        float g0 = 0, g1 = 0, g2 = 0, g3 = 0, c0 = 0, c1 = 0, c2 = 0, c3 = 0;
        int i = off, end = off + n;
        // without y every mask is 1: g * 1f is g exactly, so one loop serves both
        for (; i + 3 < end; i += 4) {
            float a = g[i] * mask(y, i), b = g[i + 1] * mask(y, i + 1);
            float e = g[i + 2] * mask(y, i + 2), f = g[i + 3] * mask(y, i + 3);
            g0 += a; g1 += b; g2 += e; g3 += f;
            c0 += a * (x[i] - mean);
            c1 += b * (x[i + 1] - mean);
            c2 += e * (x[i + 2] - mean);
            c3 += f * (x[i + 3] - mean);
        }
        for (; i < end; i++) {
            float a = g[i] * mask(y, i);
            g0 += a;
            c0 += a * (x[i] - mean);
        }
        acc[0] += (g0 + g1) + (g2 + g3);
        acc[1] += (c0 + c1) + (c2 + c3);
    }

    /** ReLU's derivative at {@code y[i]} (1 or 0), or 1 when there is no ReLU ({@code y == null}). */
    private static float mask(float[] y, int i) {
        return y == null ? 1f : Lanes.step(y[i]);
    }

    /** {@code dst (+)= g}, masked by {@code y > 0} when y is given. */
    static void maskedCopy(float[] g, float[] y, float[] dst, int off, int n, boolean accumulate) {
        int end = off + n;
        if (y == null) {
            if (accumulate) {
                for (int i = off; i < end; i++) dst[i] += g[i];
            } else {
                System.arraycopy(g, off, dst, off, n);
            }
        } else if (accumulate) {
            for (int i = off; i < end; i++) dst[i] += g[i] * Lanes.step(y[i]);
        } else {
            for (int i = off; i < end; i++) dst[i] = g[i] * Lanes.step(y[i]);
        }
    }

    /** {@code y = (x - mean) * scale + shift}, plus {@code r} when given, then {@code max(0, .)} if relu. */
    static void normalize(float[] x, float[] r, float[] y, int off, int n, float mean, float scale, float shift,
                          boolean relu) {
        int end = off + n;
        if (r == null && !relu) {
            for (int i = off; i < end; i++) y[i] = (x[i] - mean) * scale + shift;
        } else if (r == null) {
            for (int i = off; i < end; i++) y[i] = Math.max(0f, (x[i] - mean) * scale + shift);
        } else if (relu) {
            for (int i = off; i < end; i++) y[i] = Math.max(0f, (x[i] - mean) * scale + shift + r[i]);
        } else {
            for (int i = off; i < end; i++) y[i] = (x[i] - mean) * scale + shift + r[i];
        }
    }

    /**
     * Batch norm's input gradient, {@code dx (+)= k * (g - meanG - (x - mean) * meanGX)} with g
     * masked by {@code y > 0} when y is given.
     */
    static void inputGradient(float[] g, float[] y, float[] x, float[] dx, int off, int n, float mean, float k,
                              float meanG, float meanGX, boolean accumulate, float[] copy, boolean accumulateCopy) {
        if (copy != null) {
            maskedCopy(g, y, copy, off, n, accumulateCopy);
        }
        int end = off + n;
        if (y != null) {
            if (accumulate) {
                for (int i = off; i < end; i++) dx[i] += k * (g[i] * Lanes.step(y[i]) - meanG - (x[i] - mean) * meanGX);
            } else {
                for (int i = off; i < end; i++) dx[i] = k * (g[i] * Lanes.step(y[i]) - meanG - (x[i] - mean) * meanGX);
            }
        } else if (accumulate) {
            for (int i = off; i < end; i++) dx[i] += k * (g[i] - meanG - (x[i] - mean) * meanGX);
        } else {
            for (int i = off; i < end; i++) dx[i] = k * (g[i] - meanG - (x[i] - mean) * meanGX);
        }
    }

    /** {@link Lanes#adam} on {@code [from, to)}. */
    static void adam(float[] p, float[] g, float[] m, float[] v, int from, int to, float decay, float l2, float b1,
                     float c1, float b2, float c2, float stepSize, float bc2Sqrt, float eps) {
        float r = 1f / bc2Sqrt;
        for (int i = from; i < to; i++) {
            float pi = p[i] * decay;
            float gi = g[i] + l2 * pi;
            float mi = b1 * m[i] + c1 * gi;
            float vi = b2 * v[i] + c2 * gi * gi;
            m[i] = mi;
            v[i] = vi;
            p[i] = pi - stepSize * (mi / ((float) Math.sqrt(vi) * r + eps));
        }
    }
}

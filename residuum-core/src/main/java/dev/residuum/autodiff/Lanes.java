package dev.residuum.autodiff;

/**
 * Row kernels for the memory-bound passes of batch norm and ReLU, written so that the JIT keeps
 * them fast: sums in four independent float lanes (one accumulator would be a serial chain of
 * additions; a row is at most a few thousand values, so float lanes lose nothing that matters
 * before the caller adds rows up in double), and the ReLU's mask as a product with
 * {@link #step}, which vectorises where a conditional select does not.
 */
final class Lanes {
    private Lanes() {
    }

    /**
     * 1 for {@code y > 0}, 0 for {@code y == 0}, for {@code y >= 0} (a ReLU's output): the
     * smallest positive float times 1e60 exceeds 1, so the minimum is exactly 0 or 1.
     */
    static float step(float y) {
        return Math.min(1f, (y * 1e30f) * 1e30f);
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

    /** Sum of {@code g} where {@code y > 0}. */
    static float maskedSum(float[] g, float[] y, int off, int n) {
        float s0 = 0, s1 = 0, s2 = 0, s3 = 0;
        int i = off, end = off + n;
        for (; i + 3 < end; i += 4) {
            s0 += g[i] * step(y[i]);
            s1 += g[i + 1] * step(y[i + 1]);
            s2 += g[i + 2] * step(y[i + 2]);
            s3 += g[i + 3] * step(y[i + 3]);
        }
        for (; i < end; i++) s0 += g[i] * step(y[i]);
        return (s0 + s1) + (s2 + s3);
    }

    /** Sum of {@code g * (x - mean)}, with {@code g} masked by {@code y > 0} when y is given. */
    static float centredDot(float[] g, float[] y, float[] x, int off, int n, float mean) {
        float s0 = 0, s1 = 0, s2 = 0, s3 = 0;
        int i = off, end = off + n;
        if (y == null) {
            for (; i + 3 < end; i += 4) {
                s0 += g[i] * (x[i] - mean);
                s1 += g[i + 1] * (x[i + 1] - mean);
                s2 += g[i + 2] * (x[i + 2] - mean);
                s3 += g[i + 3] * (x[i + 3] - mean);
            }
            for (; i < end; i++) s0 += g[i] * (x[i] - mean);
        } else {
            for (; i + 3 < end; i += 4) {
                s0 += g[i] * step(y[i]) * (x[i] - mean);
                s1 += g[i + 1] * step(y[i + 1]) * (x[i + 1] - mean);
                s2 += g[i + 2] * step(y[i + 2]) * (x[i + 2] - mean);
                s3 += g[i + 3] * step(y[i + 3]) * (x[i + 3] - mean);
            }
            for (; i < end; i++) s0 += g[i] * step(y[i]) * (x[i] - mean);
        }
        return (s0 + s1) + (s2 + s3);
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
            for (int i = off; i < end; i++) dst[i] += g[i] * step(y[i]);
        } else {
            for (int i = off; i < end; i++) dst[i] = g[i] * step(y[i]);
        }
    }
}

package dev.residuum.kernel;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * The {@link Lanes} kernels on the Vector API: loaded only when {@link Simd} reports the
 * incubator module present. Each method has the contract of its scalar twin in {@link Lanes}; the
 * ReLU mask is a lane comparison {@code y > 0}.
 */
final class VectorLanes {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final int L = S.length();

    private VectorLanes() {
    }

    static float sum(float[] a, int off, int n) {
        FloatVector s0 = FloatVector.zero(S), s1 = FloatVector.zero(S);
        int i = 0;
        for (; i + 2 * L <= n; i += 2 * L) {
            s0 = s0.add(FloatVector.fromArray(S, a, off + i));
            s1 = s1.add(FloatVector.fromArray(S, a, off + i + L));
        }
        for (; i + L <= n; i += L) s0 = s0.add(FloatVector.fromArray(S, a, off + i));
        float s = sumLanes(s0.add(s1));
        for (; i < n; i++) s += a[off + i];
        return s;
    }

    static float sumSquaredDeviations(float[] a, int off, int n, float mean) {
        FloatVector s0 = FloatVector.zero(S), s1 = FloatVector.zero(S);
        int i = 0;
        for (; i + 2 * L <= n; i += 2 * L) {
            FloatVector d0 = FloatVector.fromArray(S, a, off + i).sub(mean);
            FloatVector d1 = FloatVector.fromArray(S, a, off + i + L).sub(mean);
            s0 = d0.fma(d0, s0);
            s1 = d1.fma(d1, s1);
        }
        for (; i + L <= n; i += L) {
            FloatVector d = FloatVector.fromArray(S, a, off + i).sub(mean);
            s0 = d.fma(d, s0);
        }
        float s = sumLanes(s0.add(s1));
        for (; i < n; i++) {
            float d = a[off + i] - mean;
            s += d * d;
        }
        return s;
    }

    static void gradientSums(float[] g, float[] y, float[] x, int off, int n, float mean, double[] acc) {
        FloatVector sg = FloatVector.zero(S), sc = FloatVector.zero(S);
        int i = 0;
        for (; i + L <= n; i += L) {
            FloatVector a = FloatVector.fromArray(S, g, off + i);
            if (y != null) {
                a = masked(a, y, off + i);
            }
            sg = sg.add(a);
            sc = a.fma(FloatVector.fromArray(S, x, off + i).sub(mean), sc);
        }
        float tg = sumLanes(sg), tc = sumLanes(sc);
        for (; i < n; i++) {
            float a = y == null || y[off + i] > 0 ? g[off + i] : 0f;
            tg += a;
            tc += a * (x[off + i] - mean);
        }
        acc[0] += tg;
        acc[1] += tc;
    }

    static void maskedCopy(float[] g, float[] y, float[] dst, int off, int n, boolean accumulate) {
        int i = 0;
        for (; i + L <= n; i += L) {
            FloatVector a = FloatVector.fromArray(S, g, off + i);
            if (y != null) {
                a = masked(a, y, off + i);
            }
            if (accumulate) {
                a = a.add(FloatVector.fromArray(S, dst, off + i));
            }
            a.intoArray(dst, off + i);
        }
        for (; i < n; i++) {
            float a = y == null || y[off + i] > 0 ? g[off + i] : 0f;
            dst[off + i] = accumulate ? dst[off + i] + a : a;
        }
    }

    /**
     * {@link BlockedActivations#affine} for blocks of 8 or 16 channels: one vector of a block's
     * channels per position, {@code fma} for the first {@code fused} positions of a plane, multiply
     * then add for the rest, as {@link #normalize} on the plane.
     */
    static void affineBlocked(float[] y, float[] r, int off, int images, int channels, int plane, int block,
                              float[] scale, float[] shift, boolean relu, int fused) {
        VectorSpecies<Float> s = block == 16 ? FloatVector.SPECIES_512 : FloatVector.SPECIES_256;
        int blocks = channels / block;
        for (int b = 0; b < images * blocks; b++) {
            int c0 = (b % blocks) * block;
            FloatVector sc = FloatVector.fromArray(s, scale, c0), sh = FloatVector.fromArray(s, shift, c0);
            int base = off + b * plane * block;
            for (int j = 0; j < plane; j++) {
                int at = base + j * block;
                FloatVector v = FloatVector.fromArray(s, y, at);
                v = j < fused ? v.fma(sc, sh) : v.mul(sc).add(sh);
                if (r != null) {
                    v = v.add(FloatVector.fromArray(s, r, at));
                }
                if (relu) {
                    v = v.max(0f);
                }
                v.intoArray(y, at);
            }
        }
    }

    /** Floats per vector: {@link #normalize} fuses the multiply-add of the first {@code n - n % lanes()}. */
    static int lanes() {
        return L;
    }

    static void normalize(float[] x, float[] r, float[] y, int off, int n, float mean, float scale, float shift,
                          boolean relu) {
        int i = 0;
        for (; i + L <= n; i += L) {
            FloatVector v = FloatVector.fromArray(S, x, off + i).sub(mean).fma(scale, shift);
            if (r != null) {
                v = v.add(FloatVector.fromArray(S, r, off + i));
            }
            if (relu) {
                v = v.max(0f);
            }
            v.intoArray(y, off + i);
        }
        for (; i < n; i++) {
            float v = (x[off + i] - mean) * scale + shift;
            if (r != null) {
                v += r[off + i];
            }
            y[off + i] = relu ? Math.max(0f, v) : v;
        }
    }

    static void inputGradient(float[] g, float[] y, float[] x, float[] dx, int off, int n, float mean, float k,
                              float meanG, float meanGX, boolean accumulate, float[] copy, boolean accumulateCopy) {
        int i = 0;
        for (; i + L <= n; i += L) {
            FloatVector a = FloatVector.fromArray(S, g, off + i);
            if (y != null) {
                a = masked(a, y, off + i);
            }
            if (copy != null) {
                (accumulateCopy ? a.add(FloatVector.fromArray(S, copy, off + i)) : a).intoArray(copy, off + i);
            }
            FloatVector xc = FloatVector.fromArray(S, x, off + i).sub(mean);
            FloatVector v = xc.mul(-meanGX).add(a).sub(meanG).mul(k);
            if (accumulate) {
                v = v.add(FloatVector.fromArray(S, dx, off + i));
            }
            v.intoArray(dx, off + i);
        }
        for (; i < n; i++) {
            float a = y == null || y[off + i] > 0 ? g[off + i] : 0f;
            if (copy != null) {
                copy[off + i] = accumulateCopy ? copy[off + i] + a : a;
            }
            float v = k * (a - meanG - (x[off + i] - mean) * meanGX);
            dx[off + i] = accumulate ? dx[off + i] + v : v;
        }
    }

    static void adam(float[] p, float[] g, float[] m, float[] v, int n, float decay, float l2, float b1, float c1,
                     float b2, float c2, float stepSize, float bc2Sqrt, float eps) {
        int i = 0;
        float r = 1f / bc2Sqrt;
        for (; i + L <= n; i += L) {
            FloatVector pi = FloatVector.fromArray(S, p, i).mul(decay);
            FloatVector gi = FloatVector.fromArray(S, g, i).add(pi.mul(l2));
            FloatVector mi = FloatVector.fromArray(S, m, i).mul(b1).add(gi.mul(c1));
            FloatVector vi = FloatVector.fromArray(S, v, i).mul(b2).add(gi.mul(c2).mul(gi));
            mi.intoArray(m, i);
            vi.intoArray(v, i);
            FloatVector denom = vi.lanewise(VectorOperators.SQRT).mul(r).add(eps);
            pi.sub(mi.div(denom).mul(stepSize)).intoArray(p, i);
        }
        ScalarLanes.adam(p, g, m, v, i, n, decay, l2, b1, c1, b2, c2, stepSize, bc2Sqrt, eps);
    }

    /**
     * {@link FastMath#tanh(float)} on the whole vectors of {@code x[0 .. n)}, lane by lane the same
     * operations on the same clamped value (NaN and -0 pass the compares unchanged), so the same
     * bits; returns how many values it wrote, the caller does the rest.
     */
    static int tanh(float[] x, float[] out, int n) {
        FloatVector hi = FloatVector.broadcast(S, FastMath.CLAMP), lo = FloatVector.broadcast(S, -FastMath.CLAMP);
        int i = 0;
        for (; i + L <= n; i += L) {
            FloatVector v = FloatVector.fromArray(S, x, i);
            v = v.blend(hi, v.compare(VectorOperators.GT, FastMath.CLAMP))
                    .blend(lo, v.compare(VectorOperators.LT, -FastMath.CLAMP));
            FloatVector x2 = v.mul(v);
            FloatVector p = x2.fma(FastMath.A13, FastMath.A11);
            p = x2.fma(p, FloatVector.broadcast(S, FastMath.A9));
            p = x2.fma(p, FloatVector.broadcast(S, FastMath.A7));
            p = x2.fma(p, FloatVector.broadcast(S, FastMath.A5));
            p = x2.fma(p, FloatVector.broadcast(S, FastMath.A3));
            p = x2.fma(p, FloatVector.broadcast(S, FastMath.A1));
            p = v.mul(p);
            FloatVector q = x2.fma(FastMath.B6, FastMath.B4);
            q = x2.fma(q, FloatVector.broadcast(S, FastMath.B2));
            q = x2.fma(q, FloatVector.broadcast(S, FastMath.B0));
            p.div(q).intoArray(out, i);
        }
        return i;
    }

    static float dot(float[] a, float[] b, int off, int n) {
        FloatVector s0 = FloatVector.zero(S), s1 = FloatVector.zero(S), s2 = FloatVector.zero(S);
        FloatVector s3 = FloatVector.zero(S);
        int i = 0;
        for (; i + 4 * L <= n; i += 4 * L) {
            int at = off + i;
            s0 = FloatVector.fromArray(S, a, at).fma(FloatVector.fromArray(S, b, at), s0);
            s1 = FloatVector.fromArray(S, a, at + L).fma(FloatVector.fromArray(S, b, at + L), s1);
            s2 = FloatVector.fromArray(S, a, at + 2 * L).fma(FloatVector.fromArray(S, b, at + 2 * L), s2);
            s3 = FloatVector.fromArray(S, a, at + 3 * L).fma(FloatVector.fromArray(S, b, at + 3 * L), s3);
        }
        for (; i + L <= n; i += L) {
            s0 = FloatVector.fromArray(S, a, off + i).fma(FloatVector.fromArray(S, b, off + i), s0);
        }
        float s = sumLanes(s0.add(s1).add(s2.add(s3)));
        for (; i < n; i++) s = Math.fma(a[off + i], b[off + i], s);
        return s;
    }

    /**
     * The lanes added in lane order. Not {@code reduceLanes(ADD)}: its order of additions is left to
     * the implementation, and the JIT's differs from the interpreter's, so results would depend on
     * when a method got compiled — and a resumed run would not repeat an uninterrupted one bit for
     * bit (seen on JDK 25).
     */
    private static float sumLanes(FloatVector v) {
        float s = 0f;
        for (int i = 0; i < L; i++) s += v.lane(i);
        return s;
    }

    /** {@code a} where {@code y > 0}, else 0. */
    private static FloatVector masked(FloatVector a, float[] y, int at) {
        VectorMask<Float> positive = FloatVector.fromArray(S, y, at).compare(VectorOperators.GT, 0f);
        return FloatVector.zero(S).blend(a, positive);
    }
}

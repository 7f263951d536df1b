package dev.residuum.kernel;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * The row loops of {@link Winograd}'s transforms on the Vector API (loaded only when
 * {@link Simd#enabled()}): the JIT does not vectorise them itself, as it cannot rule out that
 * the rows it writes overlap the rows it reads.
 */
final class VectorRows {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final int L = S.length();

    private VectorRows() {
    }

    /** {@code B^T d} down four rows {@code p + k*pw} into {@code q + k*pw}, for n entries. */
    static void inputColumns(float[] s, int p, int q, int pw, int n) {
        int j = 0;
        for (; j + L <= n; j += L) {
            FloatVector d0 = FloatVector.fromArray(S, s, p + j), d1 = FloatVector.fromArray(S, s, p + pw + j);
            FloatVector d2 = FloatVector.fromArray(S, s, p + 2 * pw + j), d3 = FloatVector.fromArray(S, s, p + 3 * pw + j);
            d0.sub(d2).intoArray(s, q + j);
            d1.add(d2).intoArray(s, q + pw + j);
            d2.sub(d1).intoArray(s, q + 2 * pw + j);
            d1.sub(d3).intoArray(s, q + 3 * pw + j);
        }
        for (; j < n; j++) {
            float d0 = s[p + j], d1 = s[p + pw + j], d2 = s[p + 2 * pw + j], d3 = s[p + 3 * pw + j];
            s[q + j] = d0 - d2;
            s[q + pw + j] = d1 + d2;
            s[q + 2 * pw + j] = d2 - d1;
            s[q + 3 * pw + j] = d1 - d3;
        }
    }

    /** {@code (B^T d) B} along a row of even (e) and odd (od) columns into four rows of v. */
    static void inputRows(float[] s, int e, int od, float[] v, int v0, int stride, int n) {
        int v1 = v0 + stride, v2 = v1 + stride, v3 = v2 + stride;
        int j = 0;
        for (; j + L <= n; j += L) {
            FloatVector e0 = FloatVector.fromArray(S, s, e + j), o0 = FloatVector.fromArray(S, s, od + j);
            FloatVector e1 = FloatVector.fromArray(S, s, e + j + 1), o1 = FloatVector.fromArray(S, s, od + j + 1);
            e0.sub(e1).intoArray(v, v0 + j);
            o0.add(e1).intoArray(v, v1 + j);
            e1.sub(o0).intoArray(v, v2 + j);
            o0.sub(o1).intoArray(v, v3 + j);
        }
        for (; j < n; j++) {
            float e0 = s[e + j], o0 = s[od + j], e1 = s[e + j + 1], o1 = s[od + j + 1];
            v[v0 + j] = e0 - e1;
            v[v1 + j] = o0 + e1;
            v[v2 + j] = e1 - o0;
            v[v3 + j] = o0 - o1;
        }
    }

    /** {@code A^T M A} of a tile row: the 16 rows {@code m[q + xi*stride]} into four output rows of s. */
    static void outputRows(float[] m, int q, int stride, float[] s, int r00, int r01, int r10, int r11, int n) {
        int j = 0;
        for (; j + L <= n; j += L) {
            int p = q + j;
            FloatVector m4 = FloatVector.fromArray(S, m, p + 4 * stride), m8 = FloatVector.fromArray(S, m, p + 8 * stride);
            FloatVector m5 = FloatVector.fromArray(S, m, p + 5 * stride), m9 = FloatVector.fromArray(S, m, p + 9 * stride);
            FloatVector m6 = FloatVector.fromArray(S, m, p + 6 * stride), m10 = FloatVector.fromArray(S, m, p + 10 * stride);
            FloatVector m7 = FloatVector.fromArray(S, m, p + 7 * stride), m11 = FloatVector.fromArray(S, m, p + 11 * stride);
            FloatVector s00 = FloatVector.fromArray(S, m, p).add(m4).add(m8);
            FloatVector s01 = FloatVector.fromArray(S, m, p + stride).add(m5).add(m9);
            FloatVector s02 = FloatVector.fromArray(S, m, p + 2 * stride).add(m6).add(m10);
            FloatVector s03 = FloatVector.fromArray(S, m, p + 3 * stride).add(m7).add(m11);
            FloatVector s10 = m4.sub(m8).sub(FloatVector.fromArray(S, m, p + 12 * stride));
            FloatVector s11 = m5.sub(m9).sub(FloatVector.fromArray(S, m, p + 13 * stride));
            FloatVector s12 = m6.sub(m10).sub(FloatVector.fromArray(S, m, p + 14 * stride));
            FloatVector s13 = m7.sub(m11).sub(FloatVector.fromArray(S, m, p + 15 * stride));
            s00.add(s01).add(s02).intoArray(s, r00 + j);
            s01.sub(s02).sub(s03).intoArray(s, r01 + j);
            s10.add(s11).add(s12).intoArray(s, r10 + j);
            s11.sub(s12).sub(s13).intoArray(s, r11 + j);
        }
        Winograd.outputRowsScalar(m, q, stride, s, r00, r01, r10, r11, j, n);
    }
}

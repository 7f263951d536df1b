package dev.residuum.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * {@link Reductions}: every length (the four-way loop and its tail), against sums in exact decimal
 * arithmetic; products of floats are formed without rounding to float.
 */
class ReductionsTest {
    @Test
    void dotsOfEveryTypeMatchTheExactSumAtEveryLength() {
        SplittableRandom rng = new SplittableRandom(7);
        for (int n : new int[] {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 1001}) {
            double[] a = new double[n], b = new double[n];
            float[] f = new float[n], g = new float[n];
            BigDecimal dd = BigDecimal.ZERO, ff = BigDecimal.ZERO, fd = BigDecimal.ZERO;
            for (int i = 0; i < n; i++) {
                a[i] = rng.nextDouble(-1, 1);
                b[i] = rng.nextDouble(-1, 1);
                f[i] = (float) rng.nextDouble(-1, 1);
                g[i] = (float) rng.nextDouble(-1, 1);
                dd = dd.add(new BigDecimal(a[i]).multiply(new BigDecimal(b[i])));
                ff = ff.add(new BigDecimal(f[i]).multiply(new BigDecimal(g[i])));
                fd = fd.add(new BigDecimal(f[i]).multiply(new BigDecimal(b[i])));
            }
            double tol = 1e-15 * (n + 1);
            assertEquals(dd.doubleValue(), Reductions.dot(a, b), tol, "double . double, n = " + n);
            assertEquals(ff.doubleValue(), Reductions.dot(f, g), tol, "float . float, n = " + n);
            assertEquals(fd.doubleValue(), Reductions.dot(f, b), tol, "float . double, n = " + n);
            assertEquals(Math.sqrt(sumOfSquares(a)), Reductions.norm(a), tol, "norm of doubles, n = " + n);
        }
    }

    @Test
    void productsOfFloatsAreNotRoundedToFloat() {
        float x = 1 + 0x1p-12f; // x * x = 1 + 2^-11 + 2^-24: exact in double, 1 + 2^-11 in float
        float[] v = {x, x, x};
        assertEquals(3 * (1 + 0x1p-11 + 0x1p-24), Reductions.dot(v, v), 0);
        assertEquals(Math.sqrt(3 * (1 + 0x1p-11 + 0x1p-24)), Reductions.norm(v), 1e-16);
    }

    private static double sumOfSquares(double[] a) {
        BigDecimal s = BigDecimal.ZERO;
        for (double v : a) {
            s = s.add(new BigDecimal(v).multiply(new BigDecimal(v)));
        }
        return s.round(MathContext.DECIMAL64).doubleValue();
    }
}

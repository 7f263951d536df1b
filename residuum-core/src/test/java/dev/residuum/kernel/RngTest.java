package dev.residuum.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class RngTest {
    @Test
    void sameSeedSameStreamAndStateRestores() {
        Rng a = new Rng(42), b = new Rng(42);
        for (int i = 0; i < 10; i++) {
            assertEquals(a.nextLong(), b.nextLong());
        }
        long saved = a.state();
        double g1 = a.nextGaussian(), g2 = a.nextGaussian();
        a.restore(saved);
        assertEquals(g1, a.nextGaussian());
        assertEquals(g2, a.nextGaussian());
    }

    @Test
    void gaussiansHaveUnitMoments() {
        Rng r = new Rng(1);
        int n = 200_000;
        double s = 0, s2 = 0;
        for (int i = 0; i < n; i++) {
            double g = r.nextGaussian();
            s += g;
            s2 += g * g;
        }
        assertTrue(Math.abs(s / n) < 0.01, "mean " + s / n);
        assertTrue(Math.abs(s2 / n - 1) < 0.01, "variance " + s2 / n);
    }
}

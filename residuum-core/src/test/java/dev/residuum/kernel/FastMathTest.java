package dev.residuum.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class FastMathTest {
    @Test
    void tanhIsWithinAFewUlpsOfTheExactValue() {
        double maxAbs = 0, maxUlps = 0;
        int n = 400_001;
        float[] x = new float[n], y = new float[n];
        for (int i = 0; i < n; i++) {
            x[i] = -10f + 20f * i / (n - 1);
        }
        FastMath.tanh(x, y, n);
        for (int i = 0; i < n; i++) {
            double exact = Math.tanh(x[i]);
            double err = Math.abs(y[i] - exact);
            maxAbs = Math.max(maxAbs, err);
            maxUlps = Math.max(maxUlps, err / Math.ulp((float) exact));
            assertEquals(y[i], FastMath.tanh(x[i]), "scalar and array forms agree at " + x[i]);
        }
        assertTrue(maxAbs < 3e-7, "max abs error " + maxAbs);
        assertTrue(maxUlps <= 8, "max error in ulps " + maxUlps);
    }

    @Test
    void tanhIsOddSaturatesAndKeepsTinyValues() {
        // beyond the clamp the rational form gives tanh(7.9), within 3e-7 (4 ulps) of 1
        assertEquals(1f, FastMath.tanh(50f), 3e-7f);
        assertEquals(-1f, FastMath.tanh(-50f), 3e-7f);
        assertTrue(Math.abs(FastMath.tanh(50f)) <= 1f);
        assertEquals(-FastMath.tanh(0.3f), FastMath.tanh(-0.3f));
        assertEquals(1e-6f, FastMath.tanh(1e-6f), 1e-12f);
    }
}

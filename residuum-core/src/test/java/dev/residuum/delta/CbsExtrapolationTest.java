package dev.residuum.delta;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class CbsExtrapolationTest {
    @Test
    void exactForEnergiesThatConvergeAsXToTheMinusThree() {
        double cbs = -0.3481, a = 0.9;
        double e2 = cbs + a / 8, e3 = cbs + a / 27, e4 = cbs + a / 64;
        assertEquals(cbs, CbsExtrapolation.extrapolate(e2, e3, 2, 3), 1e-15);
        assertEquals(cbs, CbsExtrapolation.extrapolate(e3, e4, 3, 4), 1e-15);
        double[] p = new CbsExtrapolation(2, 3, 1, 0).predict(new double[][] {{e3, e2}, {e3 + 1, e2 + 1}});
        assertEquals(cbs, p[0], 1e-15);
        assertEquals(cbs + 1, p[1], 1e-14);
    }

    @Test
    void theTextbookNumbersForWater() {
        // Helgaker et al. 1997 form: (27 E_T - 8 E_D) / 19
        assertEquals((27 * -0.27 - 8 * -0.20) / 19, CbsExtrapolation.extrapolate(-0.20, -0.27, 2, 3), 1e-15);
    }

    @Test
    void equalCardinalNumbersAreRejected() {
        assertThrows(IllegalArgumentException.class, () -> new CbsExtrapolation(3, 3, 0, 1));
    }
}

package dev.residuum.delta;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class SirTest {
    @Test
    void rk4KeepsTheExactInvariantsOfSir() {
        // S + I + R = N, and ln(S / S0) = -(beta / gamma) R / N exactly along every trajectory
        SirModel m = new SirModel(1.7, 0.45, 763, 0, 1);
        double[] t = {14, 0.5, 3, 7.25, 0, 30};
        double[][] s = m.states(t);
        for (int i = 0; i < t.length; i++) {
            assertEquals(763, s[i][0] + s[i][1] + s[i][2], 1e-9);
            assertEquals(Math.log(s[i][0] / 762), -m.r0() * s[i][2] / 763, 1e-9, "t = " + t[i]);
        }
        assertEquals(1, s[4][1], 0.0);
    }

    @Test
    void rk4MatchesTheExponentialGrowthOfAnEarlyOutbreak() {
        // with S ~ N (huge population), I(t) = i0 exp((beta - gamma) t)
        SirModel m = new SirModel(0.9, 0.4, 1e15, 0, 1);
        assertEquals(Math.exp(0.5 * 10), m.infected(new double[] {10})[0], 1e-9 * Math.exp(5));
    }

    @Test
    void leastSquaresRecoversTheParametersOfItsOwnModel() {
        SirModel truth = new SirModel(1.66, 0.45, 763, 0, 1);
        double[] t = new double[12];
        for (int i = 0; i < t.length; i++) t[i] = i + 1;
        SirModel fit = SirFit.fit(t, truth.infected(t), 763, 0, 1);
        assertEquals(1.66, fit.beta(), 1e-6);
        assertEquals(0.45, fit.gamma(), 1e-6);
    }

    @Test
    void theBoardingSchoolFitIsTheTextbookOne() {
        double[] t = new double[14];
        for (int i = 0; i < 14; i++) t[i] = i + 1;
        SirModel fit = SirFit.fit(t, BoardingSchoolTest.IN_BED, 763, 0, 1);
        // least squares on all 14 days gives R0 of about 3.7 and an infectious period of about 2.2 days
        assertEquals(3.7, fit.r0(), 0.2);
        assertEquals(2.2, 1 / fit.gamma(), 0.2);
        double[] pred = fit.infected(t);
        double cost = 0, perturbed = 0;
        double[] alt = new SirModel(fit.beta() * 1.01, fit.gamma(), 763, 0, 1).infected(t);
        for (int i = 0; i < 14; i++) {
            cost += Math.pow(pred[i] - BoardingSchoolTest.IN_BED[i], 2);
            perturbed += Math.pow(alt[i] - BoardingSchoolTest.IN_BED[i], 2);
        }
        assertEquals(true, cost < perturbed);
    }

    @Test
    void timesBeforeTheStartAreRejected() {
        SirModel m = new SirModel(1, 0.5, 100, 2, 1);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> m.infected(new double[] {1}));
        assertEquals(true, e.getMessage().contains("before the start"));
    }

    /** Found by the fuzz test: a damaged time column (day 1e12) made the integration run for hours. */
    @Test
    void timesFarPastTheStartAreRejectedAtOnce() {
        SirModel m = new SirModel(1, 0.5, 100, 0, 1);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> m.infected(new double[] {3, 1e12}));
        assertEquals(true, e.getMessage().contains("at most " + SirModel.MAX_SPAN), e.getMessage());
        assertEquals(1, m.infected(new double[] {1000}).length);
        SirModel late = new SirModel(1, 0.5, 100, 1e17, 1); // t + h == t: the loop could not advance
        assertThrows(IllegalArgumentException.class, () -> late.infected(new double[] {1e17 + 64}));
    }
}

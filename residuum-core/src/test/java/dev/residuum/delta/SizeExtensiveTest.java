package dev.residuum.delta;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.residuum.kernel.Rng;
import dev.residuum.nn.Activation;
import dev.residuum.testing.SeededTest;
import dev.residuum.train.Trainer;
import dev.residuum.train.TrainerConfig;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Samples made of components, correction = sum over components of r(component): invariant to the
 * order of the components, additive over non-interacting parts, and able to learn a per-component
 * energy from whole-sample targets only.
 */
class SizeExtensiveTest extends SeededTest {
    /** A component row: [type, local feature]; a sample's energy is sum of e(type) + 0.5 * sin(feature). */
    private double[] component() {
        return new double[] {rng.nextInt(3), 2 * rng.nextDouble() - 1};
    }

    private static double energy(double[] c) {
        return new double[] {-1.0, -7.5, -3.2}[(int) c[0]] + 0.5 * Math.sin(2 * c[1]);
    }

    private DeltaData molecules(int n) {
        List<double[]> rows = new ArrayList<>();
        int[] sizes = new int[n];
        double[] y = new double[n];
        for (int s = 0; s < n; s++) {
            sizes[s] = 1 + rng.nextInt(5);
            for (int k = 0; k < sizes[s]; k++) {
                double[] c = component();
                rows.add(c);
                y[s] += energy(c);
            }
        }
        return DeltaData.grouped(rows.toArray(new double[0][]), sizes, y);
    }

    private DeltaModel trained(DeltaData train) {
        DeltaModel m = DeltaModel.delta(Baseline.zero(), new int[] {0, 1}, new DeltaModel.Config(new int[] {32, 32},
                Activation.Kind.TANH, TrainerConfig.adam(3e-3, 200, 16, 5)), new Rng(11));
        m.fit(train);
        return m;
    }

    @Test
    void theCorrectionIsInvariantToTheOrderOfComponentsAndAdditiveOverNonInteractingParts() {
        DeltaModel m = trained(molecules(120));
        for (int trial = 0; trial < 20; trial++) {
            int na = 1 + rng.nextInt(4), nb = 1 + rng.nextInt(4);
            double[][] a = new double[na][], b = new double[nb][], ab = new double[na + nb][], shuffled = new double[na + nb][];
            for (int i = 0; i < na; i++) ab[i] = a[i] = component();
            for (int i = 0; i < nb; i++) ab[na + i] = b[i] = component();
            int[] perm = dev.residuum.data.Permutation.random(na + nb, rng);
            for (int i = 0; i < perm.length; i++) shuffled[i] = ab[perm[i]];
            double cA = m.correction(DeltaData.grouped(a, new int[] {na}, new double[1]))[0];
            double cB = m.correction(DeltaData.grouped(b, new int[] {nb}, new double[1]))[0];
            double cAB = m.correction(DeltaData.grouped(ab, new int[] {na + nb}, new double[1]))[0];
            double cShuffled = m.correction(DeltaData.grouped(shuffled, new int[] {na + nb}, new double[1]))[0];
            double tol = 1e-5 * (1 + Math.abs(cAB));
            assertEquals(cAB, cShuffled, tol, "order of components");
            assertEquals(cA + cB, cAB, tol, "non-interacting parts");
        }
    }

    @Test
    void perComponentEnergiesAreLearnedFromWholeSampleTargets() {
        DeltaData train = molecules(300), test = molecules(100);
        DeltaModel m = trained(train);
        Metrics fitted = m.evaluate(test);
        // the spread of the test energies, for scale
        double mean = 0;
        for (double y : test.target()) mean += y / test.samples();
        double spread = 0;
        for (double y : test.target()) spread += Math.abs(y - mean) / test.samples();
        assertTrue(fitted.mae() < 0.05 * spread, fitted + " vs spread " + spread);
        // and a single component is predicted as e(type) + 0.5 sin(2 f)
        double[] c = {1, 0.3};
        double predicted = m.predict(DeltaData.grouped(new double[][] {c}, new int[] {1}, new double[1]))[0];
        assertEquals(energy(c), predicted, 0.15);
    }
}

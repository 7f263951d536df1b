package dev.residuum.delta;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.residuum.nn.Activation;
import dev.residuum.testing.SeededTest;
import dev.residuum.train.Trainer;
import dev.residuum.train.TrainerConfig;
import java.util.List;
import org.junit.jupiter.api.Test;

class LearningCurveTest extends SeededTest {
    @Test
    void errorsShrinkWithDataAndTheBaselineStaysPut() {
        int n = 300;
        double[][] x = new double[n][];
        double[] y = new double[n];
        for (int i = 0; i < n; i++) {
            double a = 4 * rng.nextDouble() - 2;
            x[i] = new double[] {a, 2 * Math.sin(6 * a)};   // column 1: a baseline that knows the hard, wiggly part
            y[i] = 2 * Math.sin(6 * a) + 0.3 * a * a;
        }
        DeltaData data = DeltaData.perRow(x, y);
        Split split = Split.random(n, 200, 9);
        Comparison c = new Comparison(BaselineFit.fixed(Baseline.column(1)), new int[] {0},
                new DeltaModel.Config(new int[] {16}, Activation.Kind.TANH, TrainerConfig.adam(1e-2, 100, 16, 0)));
        List<LearningCurve.Point> curve = LearningCurve.run(c, data, split, new int[] {8, 32, 128}, 2, 4, s -> { });
        assertEquals(3, curve.size());
        assertEquals(curve.get(0).baseline().maeMean(), curve.get(2).baseline().maeMean(), 0.0);
        assertEquals(0.0, curve.get(0).baseline().maeStd(), 0.0);
        assertTrue(curve.get(2).delta().maeMean() < curve.get(0).delta().maeMean(), curve.toString());
        assertTrue(curve.get(2).delta().maeMean() < 0.2 * curve.get(2).baseline().maeMean(), curve.toString());
        for (LearningCurve.Point p : curve) {
            assertTrue(p.delta().maeMean() < p.direct().maeMean(), curve.toString());
        }
        assertThrows(IllegalArgumentException.class, () -> LearningCurve.run(c, data, split, new int[] {8, 8}, 1, 0, s -> { }));
    }

    @Test
    void seededSplitsAreReproducibleAndDisjoint() {
        Split a = Split.random(50, 30, 1), b = Split.random(50, 30, 1);
        assertEquals(a, b);
        boolean[] seen = new boolean[50];
        for (int i : a.train()) seen[i] = true;
        for (int i : a.test()) {
            assertTrue(!seen[i]);
            seen[i] = true;
        }
        for (boolean s : seen) assertTrue(s);
        Split last = Split.last(14, 4);
        assertEquals(10, last.train().length);
        assertEquals(10, last.test()[0]);
    }
}

package dev.residuum.delta;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.residuum.nn.Activation;
import dev.residuum.nn.Linear;
import dev.residuum.kernel.Rng;
import dev.residuum.testing.SeededTest;
import dev.residuum.optim.LrSchedule;
import dev.residuum.optim.Sgd;
import dev.residuum.train.OptimizerFactory;
import dev.residuum.train.Trainer;
import dev.residuum.train.TrainerConfig;
import java.util.List;
import org.junit.jupiter.api.Test;

class DeltaModelTest extends SeededTest {
    private static DeltaModel.Config config(int epochs) {
        return new DeltaModel.Config(new int[] {32, 32}, Activation.Kind.TANH, TrainerConfig.adam(3e-3, epochs, 32, 1));
    }

    /** y = sin(3 x0) + x1^2 + 0.3 x0 x1; the baseline knows sin(3 x0) + x1^2, rows [x0, x1]. */
    private DeltaData smooth(int n) {
        double[][] x = new double[n][];
        double[] y = new double[n];
        for (int i = 0; i < n; i++) {
            double a = 2 * rng.nextDouble() - 1, b = 2 * rng.nextDouble() - 1;
            x[i] = new double[] {a, b};
            y[i] = Math.sin(3 * a) + b * b + 0.3 * a * b;
        }
        return DeltaData.perRow(x, y);
    }

    private static final Baseline KNOWS_MOST = Baseline.of(r -> Math.sin(3 * r[0]) + r[1] * r[1]);

    /** The fitted scaling is a value: equal by its numbers, not by which arrays hold them. */
    @Test
    void aStandardizerIsEqualByValue() {
        double[][] rows = {{1, 2, 3}, {4, 5, 7}, {0, 1, 1}};
        Standardizer a = Standardizer.fit(rows, new int[] {0, 2}), b = Standardizer.fit(rows, new int[] {0, 2});
        assertEquals(a, b);
        assertEquals(a.hashCode(), b.hashCode());
        assertTrue(!a.equals(a.passing(0)), "keeping a column unscaled changes the value");
    }

    @Test
    void anUntrainedDeltaModelIsExactlyTheBaseline() {
        DeltaData data = smooth(50);
        for (Baseline b : new Baseline[] {KNOWS_MOST, Baseline.column(1), Baseline.of(r -> 1e6 * r[0] + 0.1)}) {
            DeltaModel m = DeltaModel.delta(b, new int[] {0, 1}, config(1), new Rng(7));
            double[] expected = b.predict(data.sampleRows());
            assertArrayEquals(expected, m.predict(data), 0.0);
            for (double c : m.correction(data)) {
                assertEquals(0.0, c, 0.0);
            }
        }
        // grouped samples too
        DeltaData grouped = DeltaData.grouped(data.rows(), new int[] {10, 15, 25}, new double[] {1, 2, 3});
        DeltaModel m = DeltaModel.delta(Baseline.column(0), new int[] {0, 1}, config(1), new Rng(7));
        assertArrayEquals(Baseline.column(0).predict(grouped.sampleRows()), m.predict(grouped), 0.0);
    }

    @Test
    void learningTheResidualBeatsTheBaselineAndTheDirectModel() {
        DeltaData train = smooth(256), test = smooth(200);
        Comparison c = new Comparison(BaselineFit.fixed(KNOWS_MOST), new int[] {0, 1}, config(150));
        Comparison.Result r = c.run(train, test, 3, dev.residuum.train.TrainingListener.NONE);
        // the residual 0.3 x0 x1 has MAE ~0.075; Δ must learn most of it
        assertTrue(r.baselineMetrics().mae() > 0.05, "baseline " + r.baselineMetrics());
        assertTrue(r.deltaMetrics().mae() < 0.3 * r.baselineMetrics().mae(), r.deltaMetrics() + " vs " + r.baselineMetrics());
        assertTrue(r.deltaMetrics().rmse() < r.directMetrics().rmse(), r.deltaMetrics() + " vs direct " + r.directMetrics());
        assertEquals(test.samples(), r.deltaPrediction().length);
    }

    @Test
    void standardisationIsFittedOnTheTrainingSplitOnly() {
        DeltaData train = smooth(40);
        DeltaModel m = DeltaModel.delta(KNOWS_MOST, new int[] {1, 0}, config(1), new Rng(1));
        m.fit(train);
        Standardizer s = m.inputScale();
        double mean1 = 0;
        for (double[] r : train.rows()) {
            mean1 += r[1] / train.rows().length;
        }
        assertEquals(mean1, s.mean().get(0), 1e-12);
        assertEquals(List.of(1, 0), s.columns());
        assertThrows(IllegalStateException.class, () -> m.fit(train));
    }

    @Test
    void theTargetStandardisationStartsTheCorrectionAtTheTrainingResidualMean() {
        DeltaData data = smooth(60);
        double[] y = data.target().clone();
        double[] b = KNOWS_MOST.predict(data.sampleRows());
        for (int i = 0; i < y.length; i++) {
            y[i] = b[i] + 0.125;                              // residual: exactly 0.125 on the training split
        }
        // a vanishing learning rate: what remains is the standardisation, mu = mean training residual
        // (with Adam even a zero target is not kept exactly: its steps are scale-free, so round-off
        // of the order of 1e-12 in the targets grows into steps of size lr)
        DeltaModel m = DeltaModel.delta(KNOWS_MOST, new int[] {0, 1}, new DeltaModel.Config(new int[] {8},
                Activation.Kind.TANH, new TrainerConfig(2, 16, OptimizerFactory.sgd(Sgd.Config.of(1e-9)),
                new LrSchedule.Constant(), 0, true)), new Rng(2));
        m.fit(DeltaData.perRow(data.rows(), y));
        DeltaData other = smooth(20);                          // the test split's targets play no part
        double[] c = m.correction(other);
        for (double v : c) {
            assertEquals(0.125, v, 1e-9);
        }
    }

    @Test
    void aFrozenModelIsABaseline() {
        Linear lin = new Linear(2, 1, true, new Rng(3));
        DeltaData data = smooth(5);
        double[] p = Baseline.frozen(lin, 0, 1).predict(data.sampleRows());
        float[] w = lin.weight().value().data();
        float bias = lin.bias().value().data()[0];
        for (int i = 0; i < 5; i++) {
            double[] r = data.rows()[i];
            assertEquals(w[0] * (float) r[0] + w[1] * (float) r[1] + bias, p[i], 1e-6);
        }
    }

    @Test
    void badInputIsRejectedWithAMessage() {
        DeltaData data = smooth(5);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> DeltaModel.delta(KNOWS_MOST, new int[] {2}, config(1), new Rng(0)).fit(data));
        assertTrue(e.getMessage().contains("column 2"), e.getMessage());
        double[] y = data.target().clone();
        y[3] = Double.NaN;
        e = assertThrows(IllegalArgumentException.class, () -> DeltaModel.delta(KNOWS_MOST, new int[] {0}, config(1),
                new Rng(0)).fit(DeltaData.perRow(data.rows(), y)));
        assertTrue(e.getMessage().contains("sample 3"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> DeltaData.grouped(data.rows(), new int[] {2, 0, 3},
                new double[3]));
    }
}

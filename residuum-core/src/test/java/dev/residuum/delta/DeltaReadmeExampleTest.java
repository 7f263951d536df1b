package dev.residuum.delta;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.residuum.kernel.Rng;
import dev.residuum.nn.Activation;
import dev.residuum.train.Trainer;
import dev.residuum.train.TrainerConfig;
import dev.residuum.train.TrainingListener;
import org.junit.jupiter.api.Test;

/** The Δ-learning Java example of the README, verbatim between the markers. */
class DeltaReadmeExampleTest {
    @Test
    void theReadmeExampleRuns() {
        Rng gen = new Rng(1);
        double[][] rows = new double[300][];
        double[] target = new double[300];
        for (int i = 0; i < rows.length; i++) {
            double a = 2 * gen.nextDouble() - 1, b = 2 * gen.nextDouble() - 1;
            rows[i] = new double[] {a, b, Math.exp(a) + b};   // column 2: a cheap model's prediction
            target[i] = Math.exp(a) + b + 0.2 * Math.sin(3 * a * b);
        }
        // README-BEGIN
        Baseline cheap = Baseline.column(2);                   // or Baseline.of(row -> ...), a SirBaseline, ...
        DeltaData data = DeltaData.perRow(rows, target);        // rows [N][D], target [N]
        Split split = Split.random(data.samples(), 200, 42);   // seeded
        DeltaData train = data.subset(split.train()), test = data.subset(split.test());
        DeltaModel.Config config = new DeltaModel.Config(new int[] {64, 64}, Activation.Kind.TANH,
                TrainerConfig.adamW(3e-3, 1e-4, 150, 32, 42)); // epochs, batch size, seed
        DeltaModel delta = DeltaModel.delta(cheap, new int[] {0, 1}, config, new Rng(42));
        double[] before = delta.predict(test);                 // == the baseline, exactly
        delta.fit(train);                                      // standardisation fitted on train only
        Metrics m = delta.evaluate(test);                      // MAE, RMSE

        // baseline alone vs Δ vs the same network on the target alone, same budget
        Comparison.Result r = new Comparison(BaselineFit.fixed(cheap), new int[] {0, 1}, config)
                .run(train, test, 42, TrainingListener.NONE);
        // README-END
        assertArrayEquals(cheap.predict(test.sampleRows()), before, 0.0);
        assertTrue(m.mae() < 0.5 * r.baselineMetrics().mae(), m + " vs " + r.baselineMetrics());
        assertTrue(r.deltaMetrics().mae() < r.directMetrics().mae(), r.deltaMetrics() + " vs " + r.directMetrics());
    }
}

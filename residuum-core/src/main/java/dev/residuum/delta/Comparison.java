package dev.residuum.delta;

import dev.residuum.kernel.Rng;
import dev.residuum.train.TrainingListener;
import dev.residuum.train.TrainingResult;
import java.util.Objects;

/**
 * Baseline alone, Δ-model and direct model on one train/test split: the baseline is fitted on
 * the training split ({@link BaselineFit}), then the Δ-model and the direct model (same network,
 * same features, same training budget) are trained on it, and all three are scored on the test
 * split.
 */
public final class Comparison {
    /**
     * What one comparison measured; predictions are for the test samples, in order.
     */
    public record Result(Baseline baseline, DeltaModel delta, DeltaModel direct,
                         Metrics baselineMetrics, Metrics deltaMetrics, Metrics directMetrics,
                         double[] baselinePrediction, double[] deltaPrediction, double[] directPrediction,
                         TrainingResult deltaHistory, TrainingResult directHistory) {
    }

    private final BaselineFit baselineFit;
    private final int[] features;
    private final DeltaModel.Config config;

    /**
     * @param features columns the correction (and the direct model) read
     */
    public Comparison(BaselineFit baselineFit, int[] features, DeltaModel.Config config) {
        this.baselineFit = Objects.requireNonNull(baselineFit, "baselineFit");
        this.features = features.clone();
        this.config = Objects.requireNonNull(config, "config");
    }

    /**
     * Fits and scores; both networks are initialised from {@code seed} (the same draws) and
     * shuffled with the trainer's seed.
     *
     * @param train not modified
     * @param test finite targets; not modified
     */
    public Result run(DeltaData train, DeltaData test, long seed, TrainingListener listener) {
        Baseline baseline = baselineFit.fit(train);
        DeltaModel delta = DeltaModel.delta(baseline, features, config, new Rng(seed));
        DeltaModel direct = DeltaModel.direct(features, config, new Rng(seed));
        TrainingResult dh = delta.fit(train, null, listener);
        TrainingResult rh = direct.fit(train, null, listener);
        double[] b = delta.baseline(test);
        double[] d = delta.predict(test);
        double[] r = direct.predict(test);
        return new Result(baseline, delta, direct, Metrics.of(b, test.target()), Metrics.of(d, test.target()),
                Metrics.of(r, test.target()), b, d, r, dh, rh);
    }
}

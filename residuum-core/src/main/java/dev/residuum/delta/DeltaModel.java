package dev.residuum.delta;

import dev.residuum.autodiff.Graph;
import dev.residuum.kernel.Rng;
import dev.residuum.nn.Activation;
import dev.residuum.nn.Module;
import dev.residuum.tensor.Tensor;
import dev.residuum.train.Trainer;
import dev.residuum.train.TrainerConfig;
import dev.residuum.train.TrainingListener;
import dev.residuum.train.TrainingResult;
import java.util.Arrays;
import java.util.Objects;

/**
 * A baseline plus a learned correction: {@code prediction(s) = baseline(s) + correction(s)} with
 * <pre>
 *   correction(s) = sum over the components i of s of ( mu + sigma * r(z_i) )
 * </pre>
 * where {@code r} is a {@link CorrectionNetwork} (last layer zero at the start), {@code z_i} the
 * standardised features of component {@code i}, and {@code mu}, {@code sigma} the per-component
 * mean and scale of the residual {@code target - baseline} on the training split. For samples
 * of one row the sum has one term. Before {@link #fit}, {@code mu = 0}, {@code sigma = 1} and
 * {@code r = 0}: an untrained Δ-model predicts exactly the baseline.
 *
 * <p>The direct model ({@link #direct}) is the same network on a zero baseline: it learns the
 * target alone, with the same standardisation and training budget.
 *
 * <pre>{@code
 * DeltaModel delta = DeltaModel.delta(Baseline.column(3), new int[] {0, 1, 2}, config, new Rng(0));
 * delta.fit(train);
 * Metrics m = delta.evaluate(test);
 * }</pre>
 */
public final class DeltaModel {
    /**
     * The correction network and how to train it.
     *
     * @param hidden widths of the hidden layers
     * @param activation between layers
     * @param training epochs, batch size (in samples), optimizer, schedule, shuffling seed
     */
    public record Config(int[] hidden, Activation.Kind activation, TrainerConfig training) {
        /** Default hidden widths. */
        public static final int[] DEFAULT_HIDDEN = {64, 64};

        public Config {
            hidden = hidden.clone();
            Objects.requireNonNull(activation, "activation");
            Objects.requireNonNull(training, "training");
        }

        /** Two hidden layers of 64, tanh. */
        public static Config of(TrainerConfig training) {
            return new Config(DEFAULT_HIDDEN, Activation.Kind.TANH, training);
        }

        @Override
        public int[] hidden() {
            return hidden.clone();
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Config c && Arrays.equals(hidden, c.hidden) && activation == c.activation
                    && training.equals(c.training);
        }

        @Override
        public int hashCode() {
            return Objects.hash(Arrays.hashCode(hidden), activation, training);
        }

        @Override
        public String toString() {
            return "Config[hidden=" + Arrays.toString(hidden) + ", activation=" + activation + ", training=" + training + "]";
        }
    }

    private final Baseline baseline;
    private final int[] features;
    private final Config config;
    private final Module network;
    private final boolean typed;
    private Standardizer inputScale;
    private double componentMean;
    private double residualScale = 1;
    private boolean fitted;

    /** @param types one network per type, the type read from the last of {@code features}; 0 for one shared network */
    private DeltaModel(Baseline baseline, int[] features, int types, Config config, Rng rng) {
        this.baseline = Objects.requireNonNull(baseline, "baseline");
        this.config = Objects.requireNonNull(config, "config");
        Objects.requireNonNull(features, "features");
        if (features.length == 0) {
            throw new IllegalArgumentException("DeltaModel: needs at least one feature column");
        }
        for (int f : features) {
            if (f < 0) {
                throw new IllegalArgumentException("DeltaModel: feature columns must be >= 0, got " + Arrays.toString(features));
            }
        }
        this.features = features.clone();
        this.typed = types > 0;
        this.network = typed ? new ElementNetworks(types, features.length - 1, config.hidden(), config.activation(), rng)
                : new CorrectionNetwork(features.length, config.hidden(), config.activation(), rng);
        this.inputScale = Standardizer.identity(this.features);
    }

    /**
     * A Δ-model: {@code baseline} plus a correction on the feature columns.
     *
     * @param features columns of {@link DeltaData#rows()} the correction reads
     * @param rng initialisation of the network
     */
    public static DeltaModel delta(Baseline baseline, int[] features, Config config, Rng rng) {
        return new DeltaModel(baseline, features, 0, config, rng);
    }

    /**
     * A Δ-model whose correction has one network per component type ({@link ElementNetworks}):
     * each component's term comes from the network of its type (its element, for atoms).
     *
     * @param features columns the networks read
     * @param typeColumn the column holding each row's type, an integer in {@code 0 .. types-1}
     * @param rng initialisation of the networks, type after type
     */
    public static DeltaModel perType(Baseline baseline, int[] features, int typeColumn, int types, Config config, Rng rng) {
        if (types < 1 || typeColumn < 0) {
            throw new IllegalArgumentException("DeltaModel.perType: needs at least one type and a type column >= 0, got "
                    + types + " and " + typeColumn);
        }
        int[] columns = Arrays.copyOf(features, features.length + 1);
        columns[features.length] = typeColumn;
        return new DeltaModel(baseline, columns, types, config, rng);
    }

    /** The direct model: the same network, trained on the target alone (a zero baseline). */
    public static DeltaModel direct(int[] features, Config config, Rng rng) {
        return new DeltaModel(Baseline.zero(), features, 0, config, rng);
    }

    /** Fits on {@code train} (not modified). */
    public TrainingResult fit(DeltaData train) {
        return fit(train, null, TrainingListener.NONE);
    }

    /**
     * Fits the standardisation and then the network on {@code train}; a model is fitted once.
     *
     * @param train finite targets; not modified
     * @param validation scored (in standardised units) after each epoch, or null; not modified
     * @throws IllegalStateException if already fitted
     */
    public TrainingResult fit(DeltaData train, DeltaData validation, TrainingListener listener) {
        Objects.requireNonNull(train, "train");
        if (fitted) {
            throw new IllegalStateException("DeltaModel.fit: this model is already fitted; make a new one to refit");
        }
        checkColumns(train);
        double[] residual = residual(train, "fit");
        double sum = 0;
        int rows = train.rows().length;
        for (double r : residual) {
            sum += r;
        }
        componentMean = sum / rows;
        double sq = 0;
        for (int s = 0; s < residual.length; s++) {
            double d = residual[s] - train.components(s) * componentMean;
            sq += d * d;
        }
        double sd = Math.sqrt(sq / rows);
        residualScale = sd > 1e-12 * Math.max(1, Math.abs(componentMean)) ? sd : 1;
        inputScale = Standardizer.fit(train.rows(), features);
        if (typed) { // the type column passes unchanged: it selects a network, it is not an input
            inputScale = inputScale.passing(features.length - 1);
        }
        fitted = true;
        DeltaObjective objective;
        if (validation == null) {
            objective = new DeltaObjective(network, train, inputs(train), targets(train, residual), null, null, null);
        } else {
            checkColumns(validation);
            objective = new DeltaObjective(network, train, inputs(train), targets(train, residual), validation,
                    inputs(validation), targets(validation, residual(validation, "validation")));
        }
        return new Trainer<>(objective, config.training()).fit(listener);
    }

    private Tensor inputs(DeltaData data) {
        return Tensor.of(inputScale.apply(data.rows()), data.rows().length, features.length);
    }

    private Tensor targets(DeltaData data, double[] residual) {
        float[] t = new float[residual.length];
        for (int s = 0; s < t.length; s++) {
            t[s] = (float) ((residual[s] - data.components(s) * componentMean) / residualScale);
        }
        return Tensor.of(t, t.length, 1);
    }

    private double[] residual(DeltaData data, String what) {
        double[] b = baseline(data);
        double[] y = data.target();
        double[] r = new double[y.length];
        for (int s = 0; s < y.length; s++) {
            if (!Double.isFinite(y[s]) || !Double.isFinite(b[s])) {
                throw new IllegalArgumentException("DeltaModel." + what + ": sample " + s + " has target " + y[s]
                        + " and baseline " + b[s] + "; both must be finite");
            }
            r[s] = y[s] - b[s];
        }
        return r;
    }

    private void checkColumns(DeltaData data) {
        for (int f : features) {
            if (f >= data.columns()) {
                throw new IllegalArgumentException("DeltaModel: feature column " + f + " does not exist; the data have "
                        + data.columns() + " columns");
            }
        }
    }

    /** The baseline's prediction for each sample of {@code data} (not modified). */
    public double[] baseline(DeltaData data) {
        double[] b = baseline.predict(data.sampleRows());
        if (b.length != data.samples()) {
            throw new IllegalStateException("DeltaModel: the baseline gave " + b.length + " predictions for "
                    + data.samples() + " samples");
        }
        return b;
    }

    /** The learned correction for each sample of {@code data} (not modified); 0 before {@link #fit}. */
    public double[] correction(DeltaData data) {
        checkColumns(data);
        float[] out;
        try (Graph.NoGradScope noGrad = Graph.noGrad()) {
            out = network.forward(inputs(data), false).data();
        }
        int[] offsets = data.offsets();
        double[] c = new double[data.samples()];
        for (int s = 0; s < c.length; s++) {
            double sum = 0;
            for (int r = offsets[s]; r < offsets[s + 1]; r++) {
                sum += out[r];
            }
            c[s] = data.components(s) * componentMean + residualScale * sum;
        }
        return c;
    }

    /** {@code baseline + correction} for each sample of {@code data} (not modified). */
    public double[] predict(DeltaData data) {
        double[] b = baseline(data);
        double[] c = correction(data);
        for (int s = 0; s < b.length; s++) {
            b[s] += c[s];
        }
        return b;
    }

    /** Errors of {@link #predict} against the targets of {@code data} (finite). */
    public Metrics evaluate(DeltaData data) {
        return Metrics.of(predict(data), data.target());
    }

    /** The correction network (live). */
    public Module network() {
        return network;
    }

    /** The input standardisation (identity before {@link #fit}). */
    public Standardizer inputScale() {
        return inputScale;
    }

    /** Whether {@link #fit} has run. */
    public boolean fitted() {
        return fitted;
    }
}

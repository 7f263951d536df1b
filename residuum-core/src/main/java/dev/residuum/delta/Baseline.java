package dev.residuum.delta;

import dev.residuum.autodiff.Graph;
import dev.residuum.nn.Module;
import dev.residuum.tensor.Tensor;
import java.util.Objects;
import java.util.function.ToDoubleFunction;

/**
 * Anything that maps inputs to predictions: a Java function, a physical model with its own
 * parameters, a column of precomputed values, a frozen Residuum model. A baseline sees
 * sample-level rows: one row per sample (for samples made of components, the first component's
 * row, which is where {@link DeltaData} keeps the sample-level columns).
 */
@FunctionalInterface
public interface Baseline {
    /**
     * The baseline's prediction for each row.
     *
     * @param x rows {@code [N][D]}; not modified
     * @return {@code N} predictions
     */
    double[] predict(double[][] x);

    /** Predicts 0 everywhere: a Δ-model on this baseline is the direct model. */
    static Baseline zero() {
        return x -> new double[x.length];
    }

    /** Precomputed values: column {@code index} of each row. */
    static Baseline column(int index) {
        if (index < 0) {
            throw new IllegalArgumentException("Baseline.column: index must be >= 0, got " + index);
        }
        return x -> {
            double[] out = new double[x.length];
            for (int i = 0; i < x.length; i++) {
                if (index >= x[i].length) {
                    throw new IllegalArgumentException("Baseline.column(" + index + "): row " + i + " has only "
                            + x[i].length + " columns");
                }
                out[i] = x[i][index];
            }
            return out;
        };
    }

    /** A function of one row. */
    static Baseline of(ToDoubleFunction<double[]> f) {
        Objects.requireNonNull(f, "f");
        return x -> {
            double[] out = new double[x.length];
            for (int i = 0; i < x.length; i++) {
                out[i] = f.applyAsDouble(x[i]);
            }
            return out;
        };
    }

    /**
     * A frozen model with one output, evaluated without recording on the columns {@code inputs}
     * of each row (in that order). The model is kept by reference and never trained here.
     */
    static Baseline frozen(Module model, int... inputs) {
        Objects.requireNonNull(model, "model");
        int[] cols = inputs.clone();
        return x -> {
            int n = x.length;
            float[] in = new float[n * cols.length];
            for (int i = 0; i < n; i++) {
                for (int j = 0; j < cols.length; j++) {
                    in[i * cols.length + j] = (float) x[i][cols[j]];
                }
            }
            try (Graph.NoGradScope noGrad = Graph.noGrad()) {
                Tensor y = model.forward(Tensor.of(in, n, cols.length), false);
                if (y.numel() != n) {
                    throw new IllegalArgumentException("Baseline.frozen: the model must give one output per row, got "
                            + y.shape() + " for " + n + " rows");
                }
                double[] out = new double[n];
                float[] d = y.data();
                for (int i = 0; i < n; i++) {
                    out[i] = d[i];
                }
                return out;
            }
        };
    }
}

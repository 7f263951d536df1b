package dev.residuum.autodiff;

import dev.residuum.kernel.Rng;
import dev.residuum.tensor.Tensor;
import java.util.Objects;
import java.util.function.Function;

/**
 * Compares the analytic gradient of a function against central finite differences.
 *
 * <p>The function's output {@code y} is contracted with fixed random weights {@code w}, so the
 * checked scalar is {@code L = sum(w * y)}, accumulated in double; every input element {@code v}
 * is perturbed to {@code v +- eps} and {@code (L+ - L-) / 2eps} is compared with the gradient
 * from {@code y.backward(w)}. The forward pass runs in float32, so {@code eps} must be large
 * enough that rounding stays below the tolerance (1e-2 on unit-scale inputs works).
 */
public final class GradCheck {
    /** Outcome: the worst element and whether all were within tolerance. */
    public record Report(boolean passed, double maxAbsError, String worst) {
    }

    private GradCheck() {
    }

    /**
     * Checks {@code f} at {@code inputs}.
     *
     * @param f a function of the inputs built from recorded operations; called many times
     * @param inputs leaves to differentiate against; marked {@code requiresGrad}; values restored afterwards
     * @param eps finite-difference step
     * @param atol absolute tolerance
     * @param rtol relative tolerance (of the larger of the two gradients)
     */
    public static Report check(Function<Tensor[], Tensor> f, Tensor[] inputs, double eps, double atol,
                               double rtol, long seed) {
        Objects.requireNonNull(f, "f");
        for (Tensor t : inputs) {
            t.setGrad(null);
            t.requiresGrad(true);
        }
        Tensor y = f.apply(inputs);
        Rng rng = new Rng(seed);
        Tensor w = Tensor.randn(rng, y.shape().dims());
        float[] wd = w.data();
        y.backward(w);
        double worstExcess = Double.NEGATIVE_INFINITY;
        double maxAbs = 0;
        String worst = "no elements";
        boolean passed = true;
        for (int k = 0; k < inputs.length; k++) {
            Tensor x = inputs[k];
            float[] analytic = x.grad() == null ? new float[x.numel()] : x.grad().toArray();
            float[] xd = x.data();
            for (int i = 0; i < xd.length; i++) {
                float v = xd[i];
                xd[i] = (float) (v + eps);
                double plus = contract(f, inputs, wd);
                xd[i] = (float) (v - eps);
                double minus = contract(f, inputs, wd);
                xd[i] = v;
                double step = ((double) (float) (v + eps)) - ((double) (float) (v - eps));
                double numeric = (plus - minus) / step;
                double err = Math.abs(numeric - analytic[i]);
                double allowed = atol + rtol * Math.max(Math.abs(numeric), Math.abs(analytic[i]));
                maxAbs = Math.max(maxAbs, err);
                if (err > allowed) {
                    passed = false;
                }
                if (err - allowed > worstExcess) {
                    worstExcess = err - allowed;
                    worst = "input " + k + " " + x.shape() + " element " + i + ": analytic " + analytic[i]
                            + ", numeric " + numeric + ", error " + err + " (allowed " + allowed + ")";
                }
            }
        }
        return new Report(passed, maxAbs, worst);
    }

    private static double contract(Function<Tensor[], Tensor> f, Tensor[] inputs, float[] w) {
        try (Graph.NoGradScope ignored = Graph.noGrad()) {
            float[] y = f.apply(inputs).data();
            double s = 0;
            for (int i = 0; i < y.length; i++) {
                s += (double) w[i] * y[i];
            }
            return s;
        }
    }
}

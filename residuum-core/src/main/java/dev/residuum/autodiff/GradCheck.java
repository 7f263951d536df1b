package dev.residuum.autodiff;

import dev.residuum.kernel.Rng;
import dev.residuum.tensor.Tensor;
import java.util.Objects;
import java.util.function.Function;

/**
 * Compares the analytic derivatives of a function against central finite differences: the
 * gradient (reverse mode, {@link #check}) and the Jacobian–vector product (forward mode,
 * {@link #checkJvp}).
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
        Tensor y = recorded(f, inputs);
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

    /**
     * Checks the forward-mode derivative of {@code f} at {@code inputs}: the Jacobian–vector
     * product {@code J v} from the tape ({@link Autodiff#jvp}) against the central difference
     * {@code (f(x + eps v) - f(x - eps v)) / 2 eps}, element by element in double precision, for
     * random directions {@code v} (one per input, all moved at once); and the transposition
     * identity {@code <u, J v> = <J^T u, v>} against the reverse mode ({@link Autodiff#vjp}), to
     * the same tolerances.
     *
     * @param f a function of the inputs built from recorded operations; called three times
     * @param inputs leaves to differentiate against; marked {@code requiresGrad}; values restored
     */
    public static Report checkJvp(Function<Tensor[], Tensor> f, Tensor[] inputs, double eps, double atol,
                                  double rtol, long seed) {
        Tensor y = recorded(f, inputs);
        Rng rng = new Rng(seed);
        Tensor[] v = new Tensor[inputs.length];
        for (int k = 0; k < inputs.length; k++) {
            v[k] = Tensor.randn(rng, inputs[k].shape().dims());
        }
        float[] analytic = Autodiff.jvp(new Tensor[] {y}, inputs, v)[0].toArray();
        Tensor u = Tensor.randn(rng, y.shape().dims());
        Tensor[] back = Autodiff.vjp(new Tensor[] {y}, new Tensor[] {u}, inputs);
        float[][] saved = new float[inputs.length][];
        for (int k = 0; k < inputs.length; k++) {
            saved[k] = inputs[k].toArray();
        }
        float[] plus = shifted(f, inputs, v, saved, eps);
        float[] minus = shifted(f, inputs, v, saved, -eps);
        double maxAbs = 0, worstExcess = Double.NEGATIVE_INFINITY;
        String worst = "no elements";
        boolean passed = true;
        for (int i = 0; i < analytic.length; i++) {
            double numeric = ((double) plus[i] - minus[i]) / (2 * eps);
            double err = Math.abs(numeric - analytic[i]);
            double allowed = atol + rtol * Math.max(Math.abs(numeric), Math.abs(analytic[i]));
            maxAbs = Math.max(maxAbs, err);
            passed &= err <= allowed;
            if (err - allowed > worstExcess) {
                worstExcess = err - allowed;
                worst = "output " + y.shape() + " element " + i + ": jvp " + analytic[i] + ", numeric " + numeric
                        + ", error " + err + " (allowed " + allowed + ")";
            }
        }
        double forward = 0, reverse = 0, scale = 0;
        float[] ud = u.data();
        for (int i = 0; i < analytic.length; i++) {
            forward += (double) ud[i] * analytic[i];
            scale += Math.abs((double) ud[i] * analytic[i]);
        }
        for (int k = 0; k < inputs.length; k++) {
            float[] g = back[k].data(), vd = v[k].data();
            for (int i = 0; i < g.length; i++) {
                reverse += (double) g[i] * vd[i];
                scale += Math.abs((double) g[i] * vd[i]);
            }
        }
        double gap = Math.abs(forward - reverse);
        if (gap > atol + rtol * scale / 2) {
            passed = false;
            worst = "<u, Jv> = " + forward + " but <J^T u, v> = " + reverse + " (gap " + gap + "); " + worst;
        }
        return new Report(passed, maxAbs, worst);
    }

    /** {@code f(inputs)}, recorded, with the inputs marked as leaves that require a gradient. */
    private static Tensor recorded(Function<Tensor[], Tensor> f, Tensor[] inputs) {
        Objects.requireNonNull(f, "f");
        for (Tensor t : inputs) {
            t.setGrad(null);
            t.requiresGrad(true);
        }
        return f.apply(inputs);
    }

    /** {@code f(x + step v)} under no-grad, the inputs restored afterwards. */
    private static float[] shifted(Function<Tensor[], Tensor> f, Tensor[] inputs, Tensor[] v, float[][] saved,
                                   double step) {
        for (int k = 0; k < inputs.length; k++) {
            float[] xd = inputs[k].data(), vd = v[k].data();
            for (int i = 0; i < xd.length; i++) {
                xd[i] = (float) (saved[k][i] + step * vd[i]);
            }
        }
        try (Graph.NoGradScope ignored = Graph.noGrad()) {
            return f.apply(inputs).toArray();
        } finally {
            for (int k = 0; k < inputs.length; k++) {
                System.arraycopy(saved[k], 0, inputs[k].data(), 0, saved[k].length);
            }
        }
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

package dev.residuum.ode;

import dev.residuum.tensor.Tensor;
import java.util.List;

/**
 * The gradient of a loss with respect to what a solve depends on, given {@code dL/d(states)}:
 * returned, not written into any {@code .grad} ({@link #accumulateIntoParameters()} adds
 * {@code dL/dθ} into the parameters' gradients for an optimizer step).
 *
 * <p>The time gradients use the exact flow: {@code dL/dt_i = <dL/dx(t_i), f(t_i, x(t_i))>} for
 * each output time after the first, and {@code dL/dt_0 = -<a(t_0), f(t_0, x_0)>} with {@code a}
 * the adjoint carried back to the start (the cotangent of the state at {@code t_0} from the later
 * outputs); they equal the derivative of the discrete solve up to the solver's error.
 */
public final class Gradients {
    private final Tensor x0;
    private final List<Tensor> parameterGradients;
    private final List<Tensor> parameters;
    private final double[] times;
    private final SolverStats cost;

    Gradients(Tensor x0, List<Tensor> parameterGradients, List<Tensor> parameters, double[] times, SolverStats cost) {
        this.x0 = x0;
        this.parameterGradients = List.copyOf(parameterGradients);
        this.parameters = parameters;
        this.times = times;
        this.cost = cost;
    }

    /**
     * {@code dL/dx0}, of the initial state's shape; null in {@link Gradient#BACKPROP} mode when
     * {@code x0} did not require a gradient (nothing was recorded from it).
     */
    public Tensor x0() {
        return x0;
    }

    /** {@code dL/dθ}, one per tensor of {@link VectorField#parameters()}, in that order. */
    public List<Tensor> parameters() {
        return parameterGradients;
    }

    /**
     * {@code dL/dt_i} for each output time reached (a copy); {@code t_0} is NaN in
     * {@link Gradient#BACKPROP} mode when {@code x0} did not require a gradient.
     */
    public double[] times() {
        return times.clone();
    }

    /** {@code dL/dt_0}, the start time's gradient. */
    public double t0() {
        return times[0];
    }

    /** {@code dL/dt_1}, the last output time's gradient. */
    public double t1() {
        return times[times.length - 1];
    }

    /**
     * The work of the backward pass, comparable across the modes: {@code nfe} counts the
     * evaluations of f the pass differentiates — the augmented evaluations of the adjoint solve
     * (each one f and one vector–Jacobian product), the recomputed evaluations of the checkpointed
     * segments, or in backprop mode the recorded evaluations of the accepted steps the reverse pass
     * runs a vector–Jacobian product through — plus the evaluations of f for the time gradients;
     * {@code accepted} the steps the pass goes through.
     */
    public SolverStats cost() {
        return cost;
    }

    /**
     * Adds {@code dL/dθ} into each parameter tensor's {@code .grad} (creating it where null), as
     * {@code backward()} would, so that an optimizer can step.
     *
     * <p>Modifies the parameters' gradients.
     */
    public void accumulateIntoParameters() {
        for (int p = 0; p < parameters.size(); p++) {
            Tensor param = parameters.get(p);
            Tensor g = parameterGradients.get(p);
            if (param.grad() == null) {
                param.setGrad(g.copy());
            } else {
                float[] into = param.grad().data();
                float[] add = g.data();
                for (int i = 0; i < into.length; i++) {
                    into[i] += add[i];
                }
            }
        }
    }
}

package dev.residuum.ode;

import dev.residuum.tensor.Tensor;

/**
 * A function of the state whose sign change stops a solve ("terminal event"), such as the
 * height of a falling ball. After each accepted step the solver evaluates it at the step's end;
 * on a sign change (or an exact zero) it locates the root on the step's dense output by the
 * Illinois method to within {@link Options#atol()} in time, and the solve ends there.
 */
@FunctionalInterface
public interface EventFunction {
    /**
     * @param t the time
     * @param x the state. Not modified.
     */
    double value(double t, Tensor x);
}

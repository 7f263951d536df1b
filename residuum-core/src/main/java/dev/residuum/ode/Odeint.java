package dev.residuum.ode;

import dev.residuum.autodiff.Graph;
import dev.residuum.tensor.Tensor;
import java.util.Objects;

/**
 * The entry point: {@code Odeint.solve(f, x0, times, options)} integrates {@code dx/dt = f(t, x)}
 * from {@code x(times[0]) = x0} and returns the states at {@code times} (torchdiffeq's
 * {@code odeint}).
 *
 * <pre>{@code
 * Solution s = Odeint.solve(field, x0, new double[] {0, 0.5, 1}, Options.defaults());
 * Tensor loss = s.states().sub(target).pow(2).mean();
 * loss.backward();                                    // BACKPROP mode: through the tape
 *
 * Solution a = Odeint.solve(field, x0, times, Options.defaults().withGradient(Gradient.ADJOINT));
 * Gradients g = a.gradients(states -> states.sub(target).pow(2).mean());
 * g.accumulateIntoParameters();                       // dL/dθ into the parameters' .grad
 * }</pre>
 */
public final class Odeint {
    private Odeint() {
    }

    /**
     * Solves the initial value problem.
     *
     * <p>In {@link Gradient#BACKPROP} mode the operations are recorded when recording is on and
     * {@code x0} or the field's parameters require a gradient; in the other two modes the forward
     * solve records nothing and {@link Solution#gradients} computes the gradient afterwards.
     *
     * @param field the vector field
     * @param x0 the initial state, any shape (a leading batch axis is solved as one system). Not
     *     modified.
     * @param times output times, at least two, finite and strictly increasing or strictly
     *     decreasing; {@code times[0]} is the initial time. Not modified.
     * @throws IntegrationException on step size underflow or when the step limit is reached
     */
    public static Solution solve(VectorField field, Tensor x0, double[] times, Options options) {
        Objects.requireNonNull(field, "field");
        Objects.requireNonNull(x0, "x0");
        Objects.requireNonNull(options, "options");
        checkTimes(times);
        CountedField f = new CountedField(field);
        Solver solver = options.solver();
        Trajectory trajectory;
        StepLog log = null;
        if (options.gradient() == Gradient.BACKPROP) {
            trajectory = solver.integrate(f, x0, times, options, null);
        } else {
            if (options.gradient() == Gradient.CHECKPOINT) {
                log = new StepLog(options.checkpointEvery(), times.length);
            }
            try (Graph.NoGradScope ignored = Graph.noGrad()) {
                trajectory = solver.integrate(f, x0.detach(), times, options, log);
            }
        }
        SolverStats stats = new SolverStats(f.evaluations(), trajectory.accepted, trajectory.rejected);
        int onTape = f.recorded() - trajectory.discardedRecorded;
        return new Solution(field, x0, times, options, trajectory, stats, log, onTape);
    }

    private static void checkTimes(double[] times) {
        Objects.requireNonNull(times, "times");
        if (times.length < 2) {
            throw new IllegalArgumentException("Odeint.solve: needs at least two times (the start and an output),"
                    + " got " + times.length);
        }
        double dir = Math.signum(times[1] - times[0]);
        for (int i = 0; i < times.length; i++) {
            if (!Double.isFinite(times[i])) {
                throw new IllegalArgumentException("Odeint.solve: times[" + i + "] is " + times[i]);
            }
            if (i > 0 && (dir == 0 || Math.signum(times[i] - times[i - 1]) != dir)) {
                throw new IllegalArgumentException("Odeint.solve: times must be strictly increasing or strictly"
                        + " decreasing; times[" + (i - 1) + "] = " + times[i - 1] + ", times[" + i + "] = " + times[i]);
            }
        }
    }
}

package dev.residuum.ode.fit;

import dev.residuum.autodiff.Graph;
import dev.residuum.nn.Module;
import dev.residuum.ode.Gradient;
import dev.residuum.ode.Gradients;
import dev.residuum.ode.Odeint;
import dev.residuum.ode.Options;
import dev.residuum.ode.Solution;
import dev.residuum.ode.VectorField;
import dev.residuum.tensor.Shape;
import dev.residuum.tensor.Tensor;
import dev.residuum.train.SampleObjective;
import java.util.List;
import java.util.Objects;

/**
 * Fitting {@code dx/dt = f_θ(t, x)} to one observed trajectory by short windows, as torchdiffeq's
 * {@code ode_demo.py}: sample {@code s} is the window of {@code window} consecutive points starting
 * at row {@code s} of the training rows; a batch of windows is one batched solve from their first
 * states over the window's relative times, and the loss compares every solved point with the
 * observed one (mean absolute or mean squared error). Short windows keep each solve cheap and the
 * loss landscape tame (a long rollout of an untrained field drifts far and its gradient explodes).
 *
 * <p>Any {@link Gradient} mode: in backprop mode the loss is recorded through the solver; in the
 * adjoint and checkpoint modes the solve's {@link Solution#gradients} are taken at once and the
 * loss returned is the linear surrogate {@code L + Σ <θ - stop(θ), dL/dθ>}, whose value is
 * {@code L} exactly and whose gradient is the mode's {@code dL/dθ}, so the trainer's
 * {@code backward()} writes that gradient.
 */
public final class WindowObjective implements SampleObjective {
    /** The per-point loss. */
    public enum Loss {
        /** Mean absolute error (torchdiffeq's demo). */
        L1,
        /** Mean squared error. */
        MSE;

        /** The mean loss of {@code prediction} against {@code target} (same shape), recorded. */
        public Tensor of(Tensor prediction, Tensor target) {
            Tensor d = prediction.sub(target);
            return this == L1 ? d.abs().mean() : d.mul(d).mean();
        }
    }

    private final Module model;
    private final VectorField field;
    private final ObservedTrajectory data;
    private final int trainRows;
    private final int window;
    private final Options options;
    private final Loss loss;
    private final double[] windowTimes;
    private long evaluations;

    /**
     * @param model the module holding {@code field}'s learned parameters
     * @param field the vector field being fitted (its parameters are {@code model}'s, or some of them)
     * @param data the trajectory; its first {@code trainRows} rows are fitted, on an even time grid
     * @param window points per window, at least 2
     */
    public WindowObjective(Module model, VectorField field, ObservedTrajectory data, int trainRows, int window,
            Options options, Loss loss) {
        this.model = Objects.requireNonNull(model, "model");
        this.field = Objects.requireNonNull(field, "field");
        this.data = Objects.requireNonNull(data, "data");
        this.options = Objects.requireNonNull(options, "options");
        this.loss = Objects.requireNonNull(loss, "loss");
        if (window < 2 || trainRows <= window || trainRows > data.size()) {
            throw new IllegalArgumentException("WindowObjective: needs 2 <= window < training rows <= rows; got window "
                    + window + ", " + trainRows + " training rows of " + data.size());
        }
        ObservedTrajectory train = new ObservedTrajectory(java.util.Arrays.copyOf(data.times(), trainRows),
                java.util.Arrays.copyOf(data.values(), trainRows * data.dims()), data.names());
        if (!train.uniform()) {
            throw new IllegalArgumentException("WindowObjective: the training times must be evenly spaced (every window"
                    + " is solved over the same relative times)");
        }
        this.trainRows = trainRows;
        this.window = window;
        this.windowTimes = new double[window];
        for (int i = 0; i < window; i++) {
            windowTimes[i] = data.times()[i] - data.times()[0];
        }
    }

    /** Window starts {@code 0 .. trainRows - window - 1} (torchdiffeq: {@code arange(data_size - batch_time)}). */
    @Override
    public int size() {
        return trainRows - window;
    }

    @Override
    public Module model() {
        return model;
    }

    @Override
    public Tensor batchLoss(int[] indices) {
        int d = data.dims();
        int b = indices.length;
        float[] target = new float[window * b * d];
        float[] values = data.values();
        for (int i = 0; i < window; i++) {
            for (int j = 0; j < b; j++) {
                System.arraycopy(values, (indices[j] + i) * d, target, (i * b + j) * d, d);
            }
        }
        Tensor y = Tensor.wrap(target, Shape.of(window, b, d));
        Solution s = Odeint.solve(field, data.states(indices), windowTimes, options);
        evaluations += s.stats().nfe();
        if (options.gradient() == Gradient.BACKPROP) {
            return loss.of(s.states(), y);
        }
        Gradients g = s.gradients(states -> loss.of(states, y));
        evaluations += g.cost().nfe();
        float value;
        try (Graph.NoGradScope ignored = Graph.noGrad()) {
            value = loss.of(s.states(), y).item();
        }
        return surrogate(value, field.parameters(), g.parameters());
    }

    /** {@code value + Σ <θ - stop(θ), g>}: the value {@code value} exactly, the gradient {@code g}. */
    static Tensor surrogate(float value, List<Tensor> params, List<Tensor> grads) {
        Tensor dot = null;
        for (int p = 0; p < params.size(); p++) {
            Tensor term = params.get(p).mul(grads.get(p)).sum();
            dot = dot == null ? term : dot.add(term);
        }
        Tensor constant = Tensor.scalar(value);
        return dot == null ? constant : dot.sub(dot.detach()).add(constant);
    }

    /** Evaluations of the field so far, forward solves and (adjoint, checkpoint) backward passes. */
    public long evaluations() {
        return evaluations;
    }

    /**
     * The field integrated from the first observed state over every observed time, without
     * recording: {@code [rows, d]}.
     */
    public Tensor rollout() {
        try (Graph.NoGradScope ignored = Graph.noGrad()) {
            Solution s = Odeint.solve(field, data.range(0, 1), data.times(), options.withGradient(Gradient.BACKPROP));
            evaluations += s.stats().nfe();
            return s.states().reshape(data.size(), data.dims());
        }
    }

    /** The mean loss of a rollout against the observed rows {@code [from, to)} (NaN when empty). */
    public double rolloutLoss(Tensor rollout, int from, int to, Loss kind) {
        if (to <= from) {
            return Double.NaN;
        }
        int d = data.dims();
        float[] r = rollout.data();
        float[] v = data.values();
        double sum = 0;
        for (int i = from * d; i < to * d; i++) {
            double e = r[i] - v[i];
            sum += kind == Loss.L1 ? Math.abs(e) : e * e;
        }
        return sum / ((to - from) * d);
    }
}

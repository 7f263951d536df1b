package dev.residuum.ode;

import dev.residuum.autodiff.Autodiff;
import dev.residuum.autodiff.Shaping;
import dev.residuum.tensor.ShapeException;
import dev.residuum.tensor.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.OptionalDouble;
import java.util.function.Function;

/**
 * The result of {@link Odeint#solve}: the states at the output times (all of them, or those
 * before a terminal event), the event, the cost, and the way back to gradients.
 */
public final class Solution {
    private final VectorField field;
    private final Tensor x0;
    private final double[] times;
    private final Options options;
    private final Trajectory trajectory;
    private final SolverStats stats;
    private final StepLog log;
    private final int recordedEvaluations;
    private Tensor states;

    /**
     * @param recordedEvaluations the evaluations of f on the tape that the outputs depend on (a
     *     backprop reverse pass runs one vector–Jacobian product through each)
     */
    Solution(VectorField field, Tensor x0, double[] times, Options options, Trajectory trajectory, SolverStats stats,
            StepLog log, int recordedEvaluations) {
        this.field = field;
        this.x0 = x0;
        this.times = Arrays.copyOf(times, trajectory.reached);
        this.options = options;
        this.trajectory = trajectory;
        this.stats = stats;
        this.log = log;
        this.recordedEvaluations = recordedEvaluations;
    }

    /** The output times reached (a copy): all requested ones, unless an event stopped the solve. */
    public double[] times() {
        return times.clone();
    }

    /** Number of output times reached. */
    public int size() {
        return times.length;
    }

    /**
     * The states stacked along a new leading axis: {@code [times, ...x0.shape]}. In
     * {@link Gradient#BACKPROP} mode, solved with recording on, it carries the tape.
     */
    public Tensor states() {
        if (states == null) {
            Tensor[] parts = new Tensor[times.length];
            int[] dims = x0.shape().dims();
            int[] stacked = new int[dims.length + 1];
            stacked[0] = 1;
            System.arraycopy(dims, 0, stacked, 1, dims.length);
            for (int i = 0; i < parts.length; i++) {
                parts[i] = trajectory.outputs[i].reshape(stacked);
            }
            states = parts.length == 1 ? parts[0] : Shaping.concat(0, parts);
        }
        return states;
    }

    /** The state at output time {@code i}, of the initial state's shape. */
    public Tensor state(int i) {
        Objects.checkIndex(i, times.length);
        return trajectory.outputs[i];
    }

    /** The state at the last output time reached. */
    public Tensor finalState() {
        return trajectory.outputs[times.length - 1];
    }

    /** The time at which the terminal event fired, if it did. */
    public OptionalDouble eventTime() {
        return trajectory.eventState == null ? OptionalDouble.empty() : OptionalDouble.of(trajectory.eventTime);
    }

    /** The state at the event, or null when none fired. */
    public Tensor eventState() {
        return trajectory.eventState;
    }

    /** Field evaluations and steps of the forward solve. */
    public SolverStats stats() {
        return stats;
    }

    /** The options of the solve. */
    public Options options() {
        return options;
    }

    /**
     * The gradients given {@code dL/d(states)}, by the solve's {@link Options#gradient()} mode:
     * vector–Jacobian product over the recorded solve (backprop), the backward adjoint solve, or
     * the recomputed segments (checkpoint).
     *
     * @param dStates {@code dL/d(states)}, of the shape of {@link #states()}. Not modified.
     * @throws IllegalStateException after a terminal event in adjoint or checkpoint mode (the event
     *     time's own dependence is not differentiated), or in backprop mode when nothing was recorded
     */
    public Gradients gradients(Tensor dStates) {
        Objects.requireNonNull(dStates, "dStates");
        int[] dims = x0.shape().dims();
        if (dStates.shape().rank() != dims.length + 1 || dStates.shape().dim(0) != times.length
                || !Arrays.equals(Arrays.copyOfRange(dStates.shape().dims(), 1, dims.length + 1), dims)) {
            throw new ShapeException("Solution.gradients: dL/d(states) must have the shape of states() ["
                    + times.length + ", " + x0.shape() + "], got " + dStates.shape());
        }
        if (trajectory.eventState != null && options.gradient() != Gradient.BACKPROP) {
            throw new IllegalStateException("Solution.gradients: the solve was stopped by an event; gradients through"
                    + " an event are supported only in BACKPROP mode (through the tape)");
        }
        return switch (options.gradient()) {
            case BACKPROP -> backprop(dStates);
            case ADJOINT -> AdjointMethod.gradients(field, options, times, trajectory.outputs, dStates);
            case CHECKPOINT -> CheckpointedBackprop.gradients(field, options, times, trajectory.outputs, log,
                    dStates);
        };
    }

    /**
     * The gradients of {@code loss(states)}: the loss runs on a leaf copy of {@link #states()},
     * its gradient with respect to the states is taken, then {@link #gradients(Tensor)}.
     *
     * @param loss a one-element function of the stacked states, built from recorded operations
     */
    public Gradients gradients(Function<Tensor, Tensor> loss) {
        Objects.requireNonNull(loss, "loss");
        Tensor leaf = states().detach().requiresGrad(true);
        Tensor value = Objects.requireNonNull(loss.apply(leaf), "loss returned null");
        return gradients(Autodiff.grad(value, leaf)[0]);
    }

    private Gradients backprop(Tensor dStates) {
        Tensor stacked = states();
        if (!stacked.requiresGrad()) {
            throw new IllegalStateException("Solution.gradients: nothing was recorded in this BACKPROP solve (it ran"
                    + " under noGrad, or neither x0 nor the field's parameters require a gradient)");
        }
        List<Tensor> params = field.parameters();
        List<Tensor> inputs = new ArrayList<>();
        boolean withX0 = x0.requiresGrad();
        if (withX0) {
            inputs.add(x0);
        }
        inputs.addAll(params);
        Tensor[] grads = Autodiff.vjp(new Tensor[] {stacked}, new Tensor[] {dStates}, inputs.toArray(new Tensor[0]));
        Tensor dx0 = withX0 ? grads[0] : null;
        List<Tensor> dParams = Arrays.asList(grads).subList(withX0 ? 1 : 0, grads.length);
        Tensor[] values = trajectory.outputs;
        Tensor flow = dx0 == null ? null : minus(dx0, AdjointMethod.slice(dStates, 0));
        CountedField timeField = new CountedField(field);
        double[] dt = AdjointMethod.timeGradients(timeField, times, values, dStates, flow);
        // the reverse pass goes once through every recorded evaluation of the accepted steps
        SolverStats cost = new SolverStats(recordedEvaluations + timeField.evaluations(), trajectory.accepted, 0);
        return new Gradients(dx0, dParams, params, dt, cost);
    }

    private static Tensor minus(Tensor a, Tensor b) {
        float[] out = a.toArray();
        float[] bd = b.data();
        for (int i = 0; i < out.length; i++) {
            out[i] -= bd[i];
        }
        return Tensor.wrap(out, a.shape());
    }
}

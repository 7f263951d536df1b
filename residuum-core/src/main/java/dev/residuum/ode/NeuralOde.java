package dev.residuum.ode;

import dev.residuum.nn.Module;
import dev.residuum.tensor.Tensor;
import java.util.Objects;

/**
 * A neural ODE as a layer (Chen et al. 2018): {@code forward(x)} integrates
 * {@code dx/dt = f(t, x)} over {@code [0, T]} and returns {@code x(T)}. The vector field is any
 * module, autonomous or time-dependent ({@link ModuleField}); it is registered as the child
 * {@code f}, so the neural ODE's parameters are f's.
 *
 * <p>{@link #forward} backpropagates through the solver's recorded operations, so the layer works
 * inside any larger model with {@code loss.backward()}. For the adjoint or checkpointed gradient,
 * use {@link #solve} and {@link Solution#gradients}.
 */
public final class NeuralOde extends Module {
    private final Module f;
    private final boolean timeDependent;
    private final double horizon;
    private final Options options;

    /**
     * @param f the vector field's network (state in, derivative out; with {@code timeDependent},
     *     state plus one time column in)
     * @param horizon the end time {@code T > 0}
     * @param options the solver options; the forward pass needs {@link Gradient#BACKPROP}
     */
    public NeuralOde(Module f, boolean timeDependent, double horizon, Options options) {
        this.f = child("f", Objects.requireNonNull(f, "f"));
        this.timeDependent = timeDependent;
        if (!(horizon > 0) || !Double.isFinite(horizon)) {
            throw new IllegalArgumentException("NeuralOde: the horizon T must be finite and > 0, got " + horizon);
        }
        this.horizon = horizon;
        this.options = Objects.requireNonNull(options, "options");
    }

    /** The vector field, with the module's forward in training or evaluation mode. */
    public ModuleField field(boolean training) {
        return new ModuleField(f, timeDependent, training);
    }

    /** The end time T. */
    public double horizon() {
        return horizon;
    }

    /**
     * {@code x(T)}, recorded for backpropagation.
     *
     * @param x the initial state (for example {@code [batch, features]}). Not modified.
     * @throws IllegalStateException when the options ask for the adjoint or checkpoint gradient
     */
    @Override
    public Tensor forward(Tensor x, boolean training) {
        if (options.gradient() != Gradient.BACKPROP) {
            throw new IllegalStateException("NeuralOde.forward backpropagates through the solver; with "
                    + options.gradient() + " use solve(x, times, training) and Solution.gradients(...)");
        }
        return Odeint.solve(field(training), x, new double[] {0, horizon}, options).finalState();
    }

    /** The solve over {@code times} with this layer's options (any gradient mode). */
    public Solution solve(Tensor x, double[] times, boolean training) {
        return Odeint.solve(field(training), x, times, options);
    }
}

package dev.residuum.autodiff;

import dev.residuum.tensor.ShapeException;
import dev.residuum.tensor.Tensor;
import java.util.Objects;
import java.util.function.Function;

/**
 * Derivatives as functions that return tensors and leave every {@code .grad} alone, as
 * {@code torch.autograd.grad} and {@code torch.func.vjp / jvp} (or JAX's {@code vjp}, {@code jvp}
 * and {@code linearize}) do: what the ODE adjoint, the stability instruments and any
 * gradient-of-a-gradient-free algorithm need inside a training step.
 *
 * <p>Two forms. On a recorded computation ({@link #grad}, {@link #vjp(Tensor[], Tensor[], Tensor...)},
 * {@link #jvp(Tensor[], Tensor[], Tensor[])}): the outputs were computed from the inputs with
 * recording on (the inputs require gradients); the tape is read and kept, so several products can
 * be taken from one forward pass, and {@code backward()} can still follow. On a function
 * ({@link #linearize}, {@link #jvp(Function, Tensor, Tensor)}, {@link #vjp(Function, Tensor, Tensor)}):
 * {@code f} runs once on a fresh leaf copy of {@code x}.
 *
 * <p>Vector–Jacobian products walk the tape backwards through each primitive's
 * {@link Primitive#vjp}, only along paths from the inputs to the outputs (a parameter off those paths
 * costs nothing). Jacobian–vector products are true forward mode: each recorded primitive's own
 * {@link Primitive#jvp} pushes the tangent forward, in recording order, with no double backward. Results
 * are new tensors (inside an open {@link dev.residuum.tensor.Workspace} scope, they are released
 * with it like any other; {@code copy()} what must outlive it). Parameters that require gradients
 * are treated as constants unless passed as inputs.
 */
public final class Autodiff {
    private Autodiff() {
    }

    /**
     * A function recorded once at a point, for many products: JAX's {@code linearize} plus
     * {@code vjp}.
     *
     * @param input the point {@code x}: a tensor that requires a gradient ({@link #linearize} makes a leaf copy)
     * @param output {@code f(x)}, computed from {@code input} with recording on
     */
    public record Linearization(Tensor input, Tensor output) {
        /** {@code J v}, by forward mode. @param v the input's shape. Not modified. */
        public Tensor jvp(Tensor v) {
            return Autodiff.jvp(new Tensor[] {output}, new Tensor[] {input}, new Tensor[] {v})[0];
        }

        /** {@code J^T u}, by reverse mode. @param u the output's shape. Not modified. */
        public Tensor vjp(Tensor u) {
            return Autodiff.vjp(new Tensor[] {output}, new Tensor[] {u}, input)[0];
        }
    }

    /** A value and a derivative: {@code f(x)} with {@code J v} (or {@code J^T u}). */
    public record ValueAndDerivative(Tensor value, Tensor derivative) {
    }

    /**
     * Records {@code f} at {@code x}: it runs once, on a leaf copy of x that requires a gradient,
     * with recording on; any number of {@code jvp} and {@code vjp} products follow from that one
     * forward pass.
     *
     * @param f built from recorded operations (a module's forward, say); must not call backward
     * @param x not modified
     */
    public static Linearization linearize(Function<Tensor, Tensor> f, Tensor x) {
        Objects.requireNonNull(f, "f");
        Tensor leaf = Objects.requireNonNull(x, "x").detach().requiresGrad(true);
        Tensor y;
        try (Graph.GradScope ignored = Graph.enableGrad()) {
            y = Objects.requireNonNull(f.apply(leaf), "f returned null");
        }
        return new Linearization(leaf, y);
    }

    /** {@code f(x)} and {@code J_f(x) v} by forward mode. */
    public static ValueAndDerivative jvp(Function<Tensor, Tensor> f, Tensor x, Tensor v) {
        Linearization lin = linearize(f, x);
        return new ValueAndDerivative(lin.output(), lin.jvp(v));
    }

    /** {@code f(x)} and {@code J_f(x)^T u} by reverse mode. */
    public static ValueAndDerivative vjp(Function<Tensor, Tensor> f, Tensor x, Tensor u) {
        Linearization lin = linearize(f, x);
        return new ValueAndDerivative(lin.output(), lin.vjp(u));
    }

    /**
     * The gradient of a one-element {@code output} with respect to each input, as
     * {@code torch.autograd.grad(output, inputs)}: no {@code .grad} is written.
     *
     * @return one gradient per input, of its shape (zeros where the output does not depend on it)
     */
    public static Tensor[] grad(Tensor output, Tensor... inputs) {
        Objects.requireNonNull(output, "output");
        if (output.numel() != 1) {
            throw new ShapeException("grad: needs a one-element output, got " + output.shape()
                    + "; for other outputs use vjp with a cotangent of that shape");
        }
        Tensor one = Tensor.full(output.shape(), 1f);
        return vjp(new Tensor[] {output}, new Tensor[] {one}, inputs);
    }

    /**
     * {@link #grad(Tensor, Tensor...)} written into caller-owned tensors instead of new ones: a
     * step that runs again and again (each micro-batch of a data-parallel step, say) reuses its
     * arrays, and they outlive any workspace scope. Bit for bit the gradients {@code backward()}
     * would leave in the inputs' {@code .grad}.
     *
     * @param into one tensor per input, of its shape, distinct from each other and from every
     *     tensor of the computation. Overwritten, except where the output does not depend on the input.
     * @return {@code into[k]} for each input {@code k}, or null where the output does not depend on
     *     it (as {@code backward()} leaves such a {@code .grad} unset)
     */
    public static Tensor[] gradInto(Tensor output, Tensor[] inputs, Tensor[] into) {
        Objects.requireNonNull(output, "output");
        Objects.requireNonNull(into, "gradInto: into");
        if (output.numel() != 1) {
            throw new ShapeException("gradInto: needs a one-element output, got " + output.shape());
        }
        check("gradInto", inputs, into, "buffer", inputs); // shapes of into, and inputs that require gradients
        return FunctionalPasses.reverse(new Tensor[] {output}, new Tensor[] {Tensor.full(output.shape(), 1f)}, inputs,
                into);
    }

    /**
     * {@code sum_i J_i^T u_i}: the vector–Jacobian product of recorded outputs with respect to
     * inputs, for each input.
     *
     * @param outputs computed from the inputs with recording on. Not modified.
     * @param cotangents one per output, of its shape. Not modified.
     * @param inputs tensors that require gradients and were used to compute the outputs
     */
    public static Tensor[] vjp(Tensor[] outputs, Tensor[] cotangents, Tensor... inputs) {
        check("vjp", outputs, cotangents, "cotangent", inputs);
        return FunctionalPasses.reverse(outputs, cotangents, inputs);
    }

    /**
     * {@code J v}: the Jacobian–vector product of recorded outputs with respect to inputs, by
     * forward mode over the tape.
     *
     * @param outputs computed from the inputs with recording on. Not modified.
     * @param inputs tensors that require gradients and were used to compute the outputs
     * @param tangents one per input, of its shape. Not modified.
     * @return one tangent per output
     */
    public static Tensor[] jvp(Tensor[] outputs, Tensor[] inputs, Tensor[] tangents) {
        check("jvp", inputs, tangents, "tangent", inputs);
        Objects.requireNonNull(outputs, "outputs");
        for (Tensor y : outputs) {
            Objects.requireNonNull(y, "jvp: an output is null");
        }
        return FunctionalPasses.forward(outputs, inputs, tangents);
    }

    private static void check(String op, Tensor[] values, Tensor[] vectors, String what, Tensor[] inputs) {
        if (values == null || vectors == null || inputs == null) { // no message built on the way that runs every step
            throw new NullPointerException(op + ": " + (values == null ? "tensors" : vectors == null ? what + "s"
                    : "inputs") + " null");
        }
        if (values.length != vectors.length) {
            throw new IllegalArgumentException(op + ": " + values.length + " tensors but " + vectors.length + " "
                    + what + "s; give one " + what + " per tensor");
        }
        for (int i = 0; i < values.length; i++) { // messages built only on failure: this runs every step
            if (values[i] == null) {
                throw new NullPointerException(op + ": tensor " + i + " is null");
            }
            if (vectors[i] == null) {
                throw new NullPointerException(op + ": " + what + " " + i + " is null");
            }
            if (!vectors[i].shape().equals(values[i].shape())) {
                throw new ShapeException(op + ": " + what + " " + i + " has shape " + vectors[i].shape()
                        + ", its tensor " + values[i].shape());
            }
        }
        for (int k = 0; k < inputs.length; k++) {
            if (inputs[k] == null) {
                throw new NullPointerException(op + ": input " + k + " is null");
            }
            if (!inputs[k].requiresGrad()) {
                throw new IllegalArgumentException(op + ": input " + k + " " + inputs[k].shape() + " does not require a"
                        + " gradient, so nothing was recorded from it; mark it requiresGrad(true) before the forward"
                        + " pass, or use Autodiff.linearize(f, x)");
            }
        }
    }
}

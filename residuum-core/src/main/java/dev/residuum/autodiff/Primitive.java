package dev.residuum.autodiff;

import dev.residuum.tensor.Tensor;

/**
 * A primitive operation as a value: what one recorded forward computation saved for its
 * derivatives, with its vector–Jacobian product and its Jacobian–vector product side by side.
 * Each primitive is a record nested in its family, next to the public function that computes
 * its forward ({@code Pointwise.exp} records a {@code Pointwise.Exp}); the permitted subclasses
 * are the closed set of primitives. Everything else (residual blocks, losses built from these)
 * is composed from them; a few are fused forms of a composition kept because a benchmark
 * measured the gain ({@code Arithmetic.ResidualAdd}, {@code Products.Linear},
 * {@code Products.LinearTanh} and {@code Products.ResidualTanhMlp}). A family of primitives that share their products is a sealed
 * sub-interface ({@code Pointwise.Smooth}, whose records are the smooth element-wise functions).
 *
 * <p>The check suite (gradient and JVP against finite differences) has a case for every record
 * among the permitted subclasses (and theirs) and fails when one has none.
 */
public sealed interface Primitive permits
        Arithmetic.Add, Arithmetic.Mul, Arithmetic.Div, Arithmetic.Neg, Arithmetic.ResidualAdd,
        Products.MatMul, Products.Linear, Products.LinearTanh, Products.ResidualTanhMlp,
        Shaping.Reshape, Shaping.Transpose, Shaping.Expand, Shaping.Concat, Shaping.Gather,
        Reductions.Sum, Reductions.Max,
        Pointwise.Smooth, Pointwise.Relu, Pointwise.Tanh, Pointwise.SoftThreshold,
        Losses.LogSoftmax, Losses.CrossEntropy, Losses.MeanSquaredError,
        Convolution.Conv2d, Normalization.BatchNorm, Pooling.MaxPool2d, Pooling.Subsample {

    /**
     * The vector–Jacobian product: given the gradient of the loss with respect to the output, adds
     * the gradients with respect to the inputs into their gradient buffers ({@link Graph#gradBuffer},
     * or {@link Graph#existingGrad} then {@link Graph#newGrad}), skipping inputs that need none.
     *
     * @param gradOutput same shape as the output. Not modified.
     */
    void vjp(Tensor gradOutput);

    /**
     * The Jacobian–vector product (forward mode): given tangents of the inputs, the tangent of the
     * output, {@code dy = sum_i (dy/dx_i) dx_i}. Runs under {@link Graph#noGrad()}: the tangent is a
     * value, not itself differentiated.
     *
     * @param tangents one per recorded input, in the order the inputs were recorded, each of its
     *     input's shape; null where the input's tangent is zero (at least one is not null). Not
     *     modified.
     * @return the output's tangent, of the output's shape; a fresh tensor the caller owns
     */
    Tensor jvp(Tensor[] tangents);

    /** The primitive's name in messages (anomaly mode, freed graphs): its record's simple name. */
    default String name() {
        return name(getClass());
    }

    /** The name of a primitive class, as {@link #name()} gives it. */
    static String name(Class<? extends Primitive> kind) {
        return kind.getSimpleName();
    }
}

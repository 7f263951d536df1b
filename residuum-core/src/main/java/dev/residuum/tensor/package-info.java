/**
 * Dense float32 tensors: {@link dev.residuum.tensor.Shape}, {@link dev.residuum.tensor.Tensor}
 * (row-major, one {@code float[]} per tensor), broadcasting between shapes
 * ({@link dev.residuum.tensor.Broadcast}), buffer reuse across training steps
 * ({@link dev.residuum.tensor.Workspace}: scopes that own the tensors created in them, their arrays
 * kept in a {@link dev.residuum.kernel.BufferPool}) and {@link dev.residuum.tensor.ShapeException}.
 * The kernels that compute on the arrays are in {@code dev.residuum.kernel}, which this package uses
 * and which does not use it.
 *
 * <p>One seam, on purpose: {@code Tensor}'s fluent methods ({@code add}, {@code matmul},
 * {@code relu}, {@code mse}, ...) and its {@code backward} call the primitives and the tape of
 * {@code dev.residuum.autodiff}, and a tensor holds the autodiff {@code Node} that made it, while
 * autodiff builds {@code Tensor}s; the two packages form the engine's layer together. Apart from
 * that seam this package depends on {@code dev.residuum.kernel} alone.
 */
package dev.residuum.tensor;

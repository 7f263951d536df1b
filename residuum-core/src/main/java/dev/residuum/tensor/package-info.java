/**
 * Dense float32 tensors and the kernels under them: {@link dev.residuum.tensor.Shape},
 * {@link dev.residuum.tensor.Tensor} (row-major, one {@code float[]} per tensor), matrix products
 * on native OpenBLAS through netlib's JNI binding ({@link dev.residuum.kernel.Gemm},
 * {@link dev.residuum.kernel.Blas}), broadcasting kernels, Residuum's own worker threads
 * ({@link dev.residuum.kernel.Parallel}), buffer reuse across training steps
 * ({@link dev.residuum.tensor.Workspace}) and a seeded, checkpointable RNG. {@code Tensor}'s
 * fluent methods call the primitives of {@code dev.residuum.autodiff}; the two packages form the
 * engine's bottom layer together.
 */
package dev.residuum.tensor;

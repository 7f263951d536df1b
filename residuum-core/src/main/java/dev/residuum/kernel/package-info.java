/**
 * The kernels under the engine, {@code float[]} in and {@code float[]} out, sizes as ints: matrix
 * products on native OpenBLAS through netlib's JNI binding ({@link dev.residuum.kernel.Gemm},
 * {@link dev.residuum.kernel.Blas}), and the small dense products 64 columns wide on the Vector API
 * instead where the JVM has 16 float lanes ({@code VectorGemm}, chosen by {@code Gemm}), the other
 * small products on oneDNN's sgemm or, where faster, LIBXSMM's generated kernels; oneDNN's convolutions
 * through Residuum's own JNI binding
 * ({@link dev.residuum.kernel.Dnnl}, built from {@code src/main/native} into
 * {@code dev/residuum/kernel/native/}), and the passes between convolutions on activations kept in
 * oneDNN's channel-blocked layout ({@link dev.residuum.kernel.BlockedActivations}); Residuum's own convolution kernels
 * ({@link dev.residuum.kernel.ShiftedConvolution}, {@link dev.residuum.kernel.StridedConvolution},
 * {@link dev.residuum.kernel.Winograd}, {@link dev.residuum.kernel.Im2col}) and
 * {@link dev.residuum.kernel.ConvolutionPlan}, the one place that chooses among them, once per shape
 * and mode; the memory-bound row kernels of batch norm, ReLU and Adam's step, on the Vector API or in scalar Java
 * ({@link dev.residuum.kernel.Lanes}, {@link dev.residuum.kernel.Simd}); a bias over rows and its
 * gradient, the row sum ({@link dev.residuum.kernel.RowVectors}); inner products and norms of whole
 * arrays summed in double ({@link dev.residuum.kernel.Reductions}); Residuum's worker threads
 * ({@link dev.residuum.kernel.Parallel}), per-thread scratch arrays
 * ({@link dev.residuum.kernel.Scratch}) and free lists of buffers reused across training steps
 * ({@link dev.residuum.kernel.BufferPool}); fast element-wise math
 * ({@link dev.residuum.kernel.FastMath}) and a seeded, checkpointable RNG
 * ({@link dev.residuum.kernel.Rng}).
 *
 * <p>Depends on nothing above it: no class here names another {@code dev.residuum} package
 * (tensor, autodiff, nn, ...), only the JDK, netlib's BLAS, the OpenBLAS of
 * {@code org.bytedeco:openblas}, the SLF4J API (the backend's one log line) and the native binding ({@code KernelDependencyTest} fails
 * otherwise). Shapes and tensors stay with the callers, which pass arrays, offsets and sizes.
 */
package dev.residuum.kernel;

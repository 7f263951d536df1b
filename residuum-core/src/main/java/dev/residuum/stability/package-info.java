/**
 * Stability of residual networks, measured (issue 14): instruments that take a model and a batch
 * and say how its blocks transform signals and gradients.
 *
 * <ul>
 *   <li>Spectra of a map's Jacobian at a point, from one recording ({@code Autodiff.linearize})
 *       and matrix-free products: {@link dev.residuum.stability.SpectralNorm} (power iteration on
 *       {@code J^T J}), {@link dev.residuum.stability.ExtremeSingularValues} (Lanczos on the Gram
 *       operator: the smallest and the largest singular value),
 *       {@link dev.residuum.stability.MeanSquaredSingularValue} (Hutchinson, with a standard error;
 *       exact for small maps), and {@link dev.residuum.stability.ExactSpectrum} (the dense Jacobian
 *       and its SVD by EJML: the reference for small maps). Options of the iterations:
 *       {@link dev.residuum.stability.IterationOptions}.
 *   <li>Blocks as the instruments see them ({@link dev.residuum.stability.Block}: map, branch F,
 *       alpha, skip) over a {@code StagedNetwork}; Weyl's inclusion per block
 *       ({@link dev.residuum.stability.WeylCheck}) and the product bounds over a stack
 *       ({@link dev.residuum.stability.EndToEndCheck}).
 *   <li>Gradients by block from one forward pass and one vjp
 *       ({@link dev.residuum.stability.BlockGradients}: {@code ||dL/dx_l||}, {@code ||dL/dtheta_l||},
 *       consecutive gradients' cosine) and alpha with {@code dL/dalpha} two ways
 *       ({@link dev.residuum.stability.AlphaTelemetry}).
 *   <li>The per-block summary of {@code residuum diagnose} ({@link dev.residuum.stability.Diagnosis},
 *       {@link dev.residuum.stability.BlockReport}).
 *   <li>The instruments over a training run: {@link dev.residuum.stability.TrainingProbe}, a training
 *       listener that measures every K steps into {@code metrics.jsonl} records.
 * </ul>
 *
 * <p>No instrument writes a {@code .grad}; in training mode the BatchNorm running statistics are put
 * back after the measurement. Depends on {@code autodiff}, {@code tensor} and {@code nn} (and EJML);
 * {@link dev.residuum.stability.TrainingProbe} also on {@code train} (the listener interface) and
 * {@code run} (its records); nothing else.
 */
package dev.residuum.stability;

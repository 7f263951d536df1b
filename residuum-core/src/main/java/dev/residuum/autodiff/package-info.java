/**
 * The engine's differentiation, define-by-run.
 *
 * <p>Inside: the closed set of primitives, a sealed family of values
 * ({@link dev.residuum.autodiff.Primitive}): each is a record that holds what its forward saved for
 * the derivatives, with its vector–Jacobian product and its Jacobian–vector product side by side,
 * nested in its family next to the public function that computes the forward and records it
 * ({@link dev.residuum.autodiff.Arithmetic}, {@link dev.residuum.autodiff.Pointwise},
 * {@link dev.residuum.autodiff.Products}, {@link dev.residuum.autodiff.Shaping},
 * {@link dev.residuum.autodiff.Reductions}, {@link dev.residuum.autodiff.Losses},
 * {@link dev.residuum.autodiff.Convolution}, {@link dev.residuum.autodiff.Normalization},
 * {@link dev.residuum.autodiff.Pooling}); the tape of {@link dev.residuum.autodiff.Node}s (each
 * holds one primitive value and its inputs), its iterative backward walk, no-grad scopes and
 * anomaly mode ({@link dev.residuum.autodiff.Graph}); functional derivatives that return tensors
 * and write no {@code .grad} — {@code grad}, {@code vjp}, {@code jvp} (true forward mode) and
 * {@code linearize} ({@link dev.residuum.autodiff.Autodiff}); and finite-difference checks of both
 * modes ({@link dev.residuum.autodiff.GradCheck}). The sealed interface's permitted subclasses are
 * the one list of primitives: the check suite has a gradient and a JVP case for each.
 *
 * <p>May depend on: {@code dev.residuum.tensor} (Shape, Tensor) and the kernels. The one seam
 * with {@code tensor}: {@code Tensor}'s fluent methods call the primitives here, and a tensor
 * holds the {@link dev.residuum.autodiff.Node} that produced it. Nothing above (nn, optim, train,
 * ...) is used here.
 */
package dev.residuum.autodiff;

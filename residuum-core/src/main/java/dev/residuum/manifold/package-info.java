/**
 * Manifolds and Riemannian optimisation: residual updates that stay on curved spaces, each a
 * tangent step followed by a retraction. The sealed {@link dev.residuum.manifold.Manifold} family
 * ({@link dev.residuum.manifold.Euclidean}, {@link dev.residuum.manifold.Sphere},
 * {@link dev.residuum.manifold.Stiefel}, {@link dev.residuum.manifold.SpecialOrthogonal},
 * {@link dev.residuum.manifold.Grassmann}, {@link dev.residuum.manifold.PoincareBall},
 * {@link dev.residuum.manifold.Product}) with projections, retractions, exp/log and transports
 * where closed-form, Riemannian gradients, metrics, distances, random points and membership checks,
 * in double precision on EJML; {@link dev.residuum.manifold.ManifoldParameter} (an
 * {@code nn.Parameter} on a manifold); {@link dev.residuum.manifold.RiemannianSgd} and
 * {@link dev.residuum.manifold.RiemannianAdam}, optimizers of {@code optim}'s family that the
 * trainer drives like any other; {@link dev.residuum.manifold.ManifoldResidualBlock}
 * ({@code x ← R_x(proj_x(F(x)))}, differentiable through {@link dev.residuum.manifold.TensorRetraction});
 * and problems with exact answers (rotation, subspace, Fréchet
 * mean, dominant eigenvector).
 *
 * <p>Depends on {@code kernel} (Rng), {@code tensor}, {@code autodiff}, {@code nn}, {@code optim}
 * and EJML; not on {@code train}, {@code run}, {@code report} or the CLI.
 */
package dev.residuum.manifold;

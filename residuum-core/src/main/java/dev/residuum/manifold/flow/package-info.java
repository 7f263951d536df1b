/**
 * Learnt flows on manifolds: stacks of {@link dev.residuum.manifold.ManifoldResidualBlock}s
 * trained by the ordinary trainer, such as {@link dev.residuum.manifold.flow.SphereFlow} (one
 * point cloud on S² carried onto another).
 *
 * <p>Depends on {@code manifold}, {@code nn}, {@code tensor}, {@code kernel} (Rng) and
 * {@code train}; not on {@code run}, {@code report} or the CLI.
 */
package dev.residuum.manifold.flow;

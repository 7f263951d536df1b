/**
 * Define-by-run reverse-mode differentiation: the closed set of primitive
 * {@linkplain dev.residuum.autodiff.Op ops}, each written with its forward and backward side by
 * side (grouped by family: {@link dev.residuum.autodiff.Arithmetic},
 * {@link dev.residuum.autodiff.Pointwise}, {@link dev.residuum.autodiff.Products},
 * {@link dev.residuum.autodiff.Shaping}, {@link dev.residuum.autodiff.Reductions},
 * {@link dev.residuum.autodiff.Losses}); the tape and its iterative backward walk, no-grad scopes
 * and anomaly mode ({@link dev.residuum.autodiff.Graph}); and finite-difference checking
 * ({@link dev.residuum.autodiff.GradCheck}).
 */
package dev.residuum.autodiff;

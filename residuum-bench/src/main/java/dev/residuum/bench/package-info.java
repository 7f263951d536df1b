/**
 * residuum-bench: the workloads of {@code shared/bench/pytorch_reference.py} with the same shapes,
 * initialisation scheme, optimizer and step definition, printing the same JSON lines (through
 * {@code dev.residuum.io.Json}, values rounded as the reference script rounds them), so that
 * Residuum and PyTorch can be compared side by side on one machine
 * ({@code scripts/bench-side-by-side.py}).
 *
 * <p>Depends on {@code residuum-core} only.
 */
package dev.residuum.bench;
